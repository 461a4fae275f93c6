import type { AiConnectionStatus } from '../../workflows/ai-messages.js';
import type { ServiceContext } from '../context.js';
import { AiCallError, aiCallErrorOf } from './ai-call-error.js';
import { type AiProvider, anthropicClient, resolveAnthropicKey } from './anthropic-client.js';

/** A status check waits this long at most: /ai/status must answer quickly even when Anthropic does not. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * Whether the organization's calls would have a key, and whether the Messages API answers with it,
 * through the cheapest request there is (listing one model, which costs no tokens). Only the key's
 * source is reported, never the key.
 */
export async function checkAiConnection(
  ctx: ServiceContext,
  provider: AiProvider,
  signal: AbortSignal,
): Promise<AiConnectionStatus> {
  const checkedAt = ctx.clock().toISOString();
  let key: Awaited<ReturnType<typeof resolveAnthropicKey>>;
  try {
    key = await resolveAnthropicKey(ctx, provider);
  } catch (error) {
    // A credential "anthropic" that holds no usable key: calls fail with this too, so say so.
    if (!(error instanceof AiCallError)) throw error;
    const problem = { code: error.code.toLowerCase(), message: error.message };
    return {
      key_source: 'organization',
      reachable: false,
      latency_ms: null,
      error: problem,
      checked_at: checkedAt,
    };
  }
  if (!key)
    return { key_source: 'none', reachable: null, latency_ms: null, error: null, checked_at: checkedAt };
  const client = anthropicClient(ctx, provider, key.key, CHECK_TIMEOUT_MS);
  const started = Date.now();
  try {
    await client.models.list({ limit: 1 }, { signal });
    return {
      key_source: key.source,
      reachable: true,
      latency_ms: Date.now() - started,
      error: null,
      checked_at: checkedAt,
    };
  } catch (error) {
    const failure = aiCallErrorOf(error);
    return {
      key_source: key.source,
      reachable: false,
      latency_ms: Date.now() - started,
      error: { code: failure.code.toLowerCase(), message: failure.message },
      checked_at: checkedAt,
    };
  }
}
