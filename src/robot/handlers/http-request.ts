import { TaskError } from '../task-error.js';
import { isNumber, isString, isStringRecord, objectPayload, optional, stringField } from './payload.js';
import type { TaskHandler } from './types.js';

const TYPE = 'http.request';
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * `http.request`: one HTTP call from the robot's network (an intranet the server cannot reach).
 * Payload `{ url, method?, headers?, body?, timeout_ms?, expected_status? }`; output
 * `{ status, headers, body }` with JSON bodies parsed. 5xx, 429 and network errors are retryable.
 */
export const httpRequest: TaskHandler = async (payload, ctx) => {
  const fields = objectPayload(payload, TYPE);
  const url = stringField(fields, 'url', TYPE);
  const method = (optional(fields, 'method', isString, 'a string', TYPE) ?? 'GET').toUpperCase();
  const headers = { ...optional(fields, 'headers', isStringRecord, 'an object of strings', TYPE) };
  const timeoutMs = optional(fields, 'timeout_ms', isNumber, 'a number', TYPE) ?? 30_000;
  const expected = fields.expected_status;
  let body: string | undefined;
  if (fields.body !== undefined && fields.body !== null && method !== 'GET' && method !== 'HEAD') {
    body = typeof fields.body === 'string' ? fields.body : JSON.stringify(fields.body);
    if (
      typeof fields.body !== 'string' &&
      !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
    ) {
      headers['content-type'] = 'application/json';
    }
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body,
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]),
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const cause = (error as Error).cause as Error | undefined;
    throw new TaskError(
      'NETWORK_ERROR',
      `${method} ${url} failed: ${cause?.message ?? (error as Error).message}`,
      true,
    );
  }
  const text = await response.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new TaskError('RESPONSE_TOO_LARGE', `${method} ${url} answered more than ${MAX_BODY_BYTES} bytes`);
  }
  const ok = Array.isArray(expected) ? expected.includes(response.status) : response.ok;
  if (!ok) {
    throw new TaskError(
      `HTTP_${response.status}`,
      `${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`,
      RETRYABLE.has(response.status),
    );
  }
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: parseBody(text, response.headers.get('content-type')),
  };
};

function parseBody(text: string, contentType: string | null): unknown {
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
