import { ApplicationFailure, Context } from '@temporalio/activity';

export interface HttpRequestSpec {
  method: string;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  /** Statuses that count as success; default: any 2xx. */
  expected_status?: number[];
  /** Largest response body read, in bytes. */
  max_response_bytes?: number;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  attempt: number;
}

export interface HttpActivities {
  httpRequest(spec: HttpRequestSpec): Promise<HttpResult>;
  /**
   * Does nothing, on purpose: the interpreter schedules it as a regular activity after a chain of
   * `http` steps run as local activities, so that the workflow task holding their results ends
   * (recording them) and the next one brings any cancellation that arrived meanwhile.
   */
  checkpointLocalSteps(): Promise<void>;
}

const DEFAULT_MAX_RESPONSE = 5 * 1024 * 1024;
/** Statuses worth trying again: the server may answer differently in a moment. */
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * One HTTP call. Failures are classified so Temporal's retry policy does the right thing: a 5xx,
 * 429 or network error is retried; any other unexpected status fails at once. The error type is
 * the code users name in `non_retryable_error_codes` (`HTTP_503`, `NETWORK_ERROR`).
 */
export function createHttpActivities(): HttpActivities {
  return {
    async httpRequest(spec) {
      const { attempt } = Context.current().info;
      const url = new URL(spec.url);
      for (const [key, value] of Object.entries(spec.query ?? {})) url.searchParams.set(key, String(value));
      const headers: Record<string, string> = { ...spec.headers };
      let body: string | undefined;
      if (spec.body !== undefined && spec.body !== null && spec.method !== 'GET' && spec.method !== 'HEAD') {
        body = typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
        if (
          typeof spec.body !== 'string' &&
          !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
        ) {
          headers['content-type'] = 'application/json';
        }
      }
      let response: Response;
      try {
        response = await fetch(url, {
          method: spec.method,
          headers,
          body,
          signal: Context.current().cancellationSignal,
          redirect: 'follow',
        });
      } catch (error) {
        if (Context.current().cancellationSignal.aborted) throw error;
        throw ApplicationFailure.create({
          message: `${spec.method} ${url.origin}${url.pathname} failed: ${(error as Error).cause ?? (error as Error).message}`,
          type: 'NETWORK_ERROR',
          details: [{ attempt }],
        });
      }
      const text = await readLimited(response, spec.max_response_bytes ?? DEFAULT_MAX_RESPONSE);
      const result: HttpResult = {
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        body: parseBody(text, response.headers.get('content-type')),
        attempt,
      };
      const expected = spec.expected_status ?? [];
      const ok =
        expected.length > 0
          ? expected.includes(response.status)
          : response.status >= 200 && response.status < 300;
      if (!ok) {
        throw ApplicationFailure.create({
          message: `${spec.method} ${url.origin}${url.pathname} answered ${response.status}`,
          type: `HTTP_${response.status}`,
          nonRetryable: !RETRYABLE_STATUSES.has(response.status),
          details: [{ attempt, status: response.status, body: truncate(text) }],
        });
      }
      return result;
    },
    async checkpointLocalSteps() {},
  };
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > limit) {
    throw ApplicationFailure.nonRetryable(
      `Response of ${length} bytes exceeds ${limit}`,
      'RESPONSE_TOO_LARGE',
    );
  }
  const buffer = Buffer.from(await response.arrayBuffer());
  if (buffer.length > limit) {
    throw ApplicationFailure.nonRetryable(
      `Response of ${buffer.length} bytes exceeds ${limit}`,
      'RESPONSE_TOO_LARGE',
    );
  }
  return buffer.toString('utf8');
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

const truncate = (text: string) => (text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
