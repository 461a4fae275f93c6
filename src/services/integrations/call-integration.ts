import { ApplicationFailure } from '@temporalio/common';
import { maskSecrets, secretMasker } from '../../lib/mask-secrets.js';
import { sendOutbound } from '../../lib/outbound/client.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import type { ServiceContext } from '../context.js';
import { OAuthTokenCache } from '../credentials/oauth-token-cache.js';
import { type AppliedAuth, createStepAuthResolver } from '../credentials/step-auth.js';
import type { IntegrationRow } from './integration-resource.js';

/** Largest answer read from an integration; more fails as RESPONSE_TOO_LARGE. */
const MAX_READ_BYTES = 1024 * 1024;
/** What an answer keeps of the body (a test's, and the text an assertion reads). */
export const KEEP_BODY_BYTES = 64 * 1024;

export interface IntegrationRequest {
  method: string;
  /** Below the integration's base URL, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export type IntegrationCall =
  | {
      ok: true;
      url: string;
      status: number;
      headers: Record<string, string>;
      latency_ms: number;
      /** Parsed JSON when it is JSON and whole, else text; cut to KEEP_BODY_BYTES; secrets masked. */
      body: unknown;
      truncated: boolean;
    }
  | { ok: false; url: string; latency_ms: number; error: string };

/**
 * One request through the integration: its base URL and path, its auth applied (a credential or
 * connected app of the organization, by name, as an http step's), through the outbound guard,
 * bounded in time and size. Whatever comes back (an echo of the request, an error page quoting
 * it) has every secret that authenticated the call masked.
 */
export async function callIntegration(
  ctx: ServiceContext,
  integration: IntegrationRow,
  request: IntegrationRequest,
): Promise<IntegrationCall> {
  const url = joinUrl(integration.baseUrl, request.path, request.query);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(request.timeoutMs);
  let auth: AppliedAuth = { headers: {}, query: {}, sensitiveHeaders: [], secrets: [] };
  const mask = (text: string) => secretMasker(auth.secrets)(text);
  try {
    const named = integration.auth;
    if (named) {
      const applyAuth = createStepAuthResolver({
        platform: ctx,
        outbound: ctx.outbound,
        tokens: new OAuthTokenCache(),
      });
      auth = await applyAuth(
        'credential' in named
          ? { orgId: integration.orgId, credential: named.credential }
          : { orgId: integration.orgId, connectedApp: named.connected_app },
        signal,
      );
    }
    const target = new URL(url);
    for (const [key, value] of Object.entries(auth.query)) target.searchParams.set(key, value);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...request.headers,
      ...auth.headers,
    };
    let body: string | undefined;
    if (
      request.body !== undefined &&
      request.body !== null &&
      request.method !== 'GET' &&
      request.method !== 'HEAD'
    ) {
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      if (
        typeof request.body !== 'string' &&
        !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
      ) {
        headers['content-type'] = 'application/json';
      }
    }
    const response = await sendOutbound(ctx.outbound, {
      method: request.method,
      url: target.href,
      headers,
      body,
      maxResponseBytes: MAX_READ_BYTES,
      signal,
      sensitiveHeaders: auth.sensitiveHeaders,
    });
    const truncated = response.body.length > KEEP_BODY_BYTES;
    const text = response.body.subarray(0, KEEP_BODY_BYTES).toString('utf8');
    let kept: unknown = text;
    if (!truncated && text !== '') {
      try {
        kept = JSON.parse(text) as unknown;
      } catch {
        kept = text;
      }
    } else if (text === '') kept = null;
    return maskSecrets(
      {
        ok: true as const,
        url,
        status: response.status,
        headers: response.headers,
        latency_ms: elapsed(),
        body: kept,
        truncated,
      },
      mask,
    );
  } catch (error) {
    return { ok: false, url, latency_ms: elapsed(), error: mask(describeFailure(error, signal)) };
  }
}

function describeFailure(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'TIMEOUT: no answer within the timeout';
  if (error instanceof OutboundError) return `${error.code}: ${error.message}`;
  if (error instanceof ApplicationFailure) return `${error.type ?? 'AUTH_FAILED'}: ${error.message}`;
  throw error;
}

/** base_url + path (+ query); a path cannot leave the base URL's origin. */
function joinUrl(baseUrl: string, path: string, query: Record<string, string> = {}): string {
  const base = new URL(baseUrl);
  const target = new URL(
    `${base.origin}${base.pathname.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`,
  );
  for (const [key, value] of base.searchParams) target.searchParams.set(key, value);
  for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
  return target.href;
}
