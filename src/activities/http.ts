import { ApplicationFailure, Context } from '@temporalio/activity';
import { maskSecrets, secretMasker } from '../lib/mask-secrets.js';
import { type OutboundResponse, sendOutbound } from '../lib/outbound/client.js';
import { OutboundError } from '../lib/outbound/errors.js';
import type { OutboundGuard } from '../lib/outbound/guard.js';
import type { Platform } from '../services/context.js';
import { OAuthTokenCache } from '../services/credentials/oauth-token-cache.js';
import {
  type AppliedAuth,
  createStepAuthResolver,
  type StepAuth,
} from '../services/credentials/step-auth.js';

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
  /** A credential or connected app, by name, of the run's organization; applied here, never in the workflow. */
  auth?: StepAuth;
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
 * One HTTP call, through the outbound guard. Failures are classified so Temporal's retry policy
 * does the right thing: a 5xx, 429 or network error is retried; any other unexpected status, a
 * refused destination (DESTINATION_NOT_ALLOWED) or an oversized body (RESPONSE_TOO_LARGE) fails at
 * once. The error type is the code users name in `non_retryable_error_codes` (`HTTP_503`,
 * `NETWORK_ERROR`).
 */
export function createHttpActivities(deps: { outbound: OutboundGuard; platform: Platform }): HttpActivities {
  const applyStepAuth = createStepAuthResolver({ ...deps, tokens: new OAuthTokenCache() });
  return {
    async httpRequest(spec) {
      const { attempt } = Context.current().info;
      const signal = Context.current().cancellationSignal;
      const auth: AppliedAuth = spec.auth
        ? await applyStepAuth(spec.auth, signal)
        : { headers: {}, query: {}, sensitiveHeaders: [], secrets: [] };
      // Whatever the server answers (an echo of the request, an error page quoting it), no secret
      // that authenticated the call reaches the step's result, the history or an error message.
      const mask = secretMasker(auth.secrets);
      try {
        return maskSecrets(await send(spec, auth, attempt, signal), mask);
      } catch (error) {
        throw error instanceof ApplicationFailure ? maskedFailure(error, mask) : error;
      }
    },
    async checkpointLocalSteps() {},
  };

  async function send(spec: HttpRequestSpec, auth: AppliedAuth, attempt: number, signal: AbortSignal) {
    const url = withQuery(spec, auth.query);
    const headers: Record<string, string> = { ...spec.headers, ...auth.headers };
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
    let response: OutboundResponse;
    try {
      response = await sendOutbound(deps.outbound, {
        method: spec.method,
        url,
        headers,
        body,
        maxResponseBytes: spec.max_response_bytes ?? DEFAULT_MAX_RESPONSE,
        signal,
        sensitiveHeaders: auth.sensitiveHeaders,
      });
    } catch (error) {
      if (signal.aborted || !(error instanceof OutboundError)) throw error;
      throw ApplicationFailure.create({
        message: error.message,
        type: error.code,
        nonRetryable: !error.retryable,
        details: [{ attempt, ...(error.rule ? { rule: error.rule } : {}) }],
      });
    }
    const text = response.body.toString('utf8');
    const result: HttpResult = {
      status: response.status,
      headers: response.headers,
      body: parseBody(text, response.headers['content-type'] ?? null),
      attempt,
    };
    const expected = spec.expected_status ?? [];
    const ok =
      expected.length > 0
        ? expected.includes(response.status)
        : response.status >= 200 && response.status < 300;
    if (!ok) {
      const answered = new URL(response.url);
      throw ApplicationFailure.create({
        message: `${spec.method} ${answered.origin}${answered.pathname} answered ${response.status}`,
        type: `HTTP_${response.status}`,
        nonRetryable: !RETRYABLE_STATUSES.has(response.status),
        details: [{ attempt, status: response.status, body: truncate(text) }],
      });
    }
    return result;
  }
}

/** The same failure with every secret masked in its message and details. */
function maskedFailure(failure: ApplicationFailure, mask: (text: string) => string): ApplicationFailure {
  return ApplicationFailure.create({
    message: mask(failure.message),
    type: failure.type ?? undefined,
    nonRetryable: failure.nonRetryable ?? undefined,
    details: failure.details ? maskSecrets(failure.details, mask) : undefined,
    nextRetryDelay: failure.nextRetryDelay,
  });
}

/** The URL with the step's `query` (and an API key placed in the query) added; an unparsable URL is the guard's INVALID_URL. */
function withQuery(spec: HttpRequestSpec, authQuery: Record<string, string>): string {
  const query = { ...spec.query, ...authQuery };
  if (Object.keys(query).length === 0) return spec.url;
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    return spec.url;
  }
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  return url.href;
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
