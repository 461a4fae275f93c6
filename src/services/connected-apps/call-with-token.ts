import { sendOutbound } from '../../lib/outbound/client.js';
import type { Platform } from '../context.js';
import type { AppTokens } from './app-credentials.js';
import type { SyncRequest } from './app-resource.js';
import { redactToken } from './tokens.js';

/** Largest answer read from a test or sync request; more fails as RESPONSE_TOO_LARGE. */
const MAX_READ_BYTES = 1024 * 1024;
const CALL_TIMEOUT_MS = 30_000;

export interface TokenCallResult {
  status: number;
  latency_ms: number;
  bytes: number;
  truncated: boolean;
  /** The answer, cut to the cap: parsed JSON when it is JSON and whole, else text. No token in it. */
  body: unknown;
}

export const authorizationHeader = (tokens: AppTokens) =>
  `${tokens.token_type.toLowerCase() === 'bearer' ? 'Bearer' : tokens.token_type} ${tokens.access_token}`;

/**
 * One request to the provider's API with the app's token, through the outbound guard. The body
 * kept is capped at `keepBytes` and scrubbed of the token (an endpoint that echoes headers back
 * must not carry it into an event or an answer).
 */
export async function callWithToken(
  platform: Pick<Platform, 'outbound'>,
  tokens: AppTokens,
  request: SyncRequest,
  keepBytes: number,
): Promise<TokenCallResult> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  headers.authorization = authorizationHeader(tokens);
  let body: string | undefined;
  if (request.body !== undefined && request.method !== 'GET') {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (typeof request.body !== 'string') headers['content-type'] ??= 'application/json';
  }
  const started = performance.now();
  const response = await sendOutbound(platform.outbound, {
    method: request.method,
    url: request.url,
    headers,
    body,
    maxResponseBytes: MAX_READ_BYTES,
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const latency = Math.round(performance.now() - started);
  const truncated = response.body.length > keepBytes;
  const text = redactToken(response.body.subarray(0, keepBytes).toString('utf8'), tokens);
  let kept: unknown = text;
  if (!truncated) {
    try {
      kept = text ? JSON.parse(text) : null;
    } catch {
      kept = text;
    }
  }
  return { status: response.status, latency_ms: latency, bytes: response.body.length, truncated, body: kept };
}
