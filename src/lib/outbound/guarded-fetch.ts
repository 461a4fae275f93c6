import { sendOutbound } from './client.js';
import type { OutboundGuard } from './guard.js';

/** What a fetch-based library (oauth4webapi's `customFetch`) passes for one request. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string> | Headers;
  body?: string | URLSearchParams | null;
  signal?: AbortSignal | null;
}

/** Statuses whose Response may carry no body (the constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` over `sendOutbound`, for libraries that take a custom fetch: the request goes through
 * the outbound guard (every hop, pinned address, capped body) like any step's. Redirects are
 * followed by the guard's client; the body is read whole (up to `maxResponseBytes`) before the
 * Response is built.
 */
export function guardedFetch(guard: OutboundGuard, options: { maxResponseBytes: number }) {
  return async (url: string, init: FetchInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? {}).forEach((value, name) => {
      headers[name] = value;
    });
    const body = init.body === null || init.body === undefined ? undefined : String(init.body);
    if (init.body instanceof URLSearchParams && !headers['content-type']) {
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    }
    const response = await sendOutbound(guard, {
      method: init.method ?? 'GET',
      url,
      headers,
      body,
      maxResponseBytes: options.maxResponseBytes,
      signal: init.signal ?? undefined,
    });
    const answer = new Response(
      NULL_BODY_STATUSES.has(response.status) ? null : new Uint8Array(response.body),
      {
        status: response.status,
        // Decoded already: the encoding headers would describe bytes no longer there.
        headers: Object.entries(response.headers).filter(
          ([name]) => name !== 'content-encoding' && name !== 'content-length',
        ),
      },
    );
    Object.defineProperty(answer, 'url', { value: response.url });
    return answer;
  };
}
