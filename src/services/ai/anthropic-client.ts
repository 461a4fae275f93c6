import Anthropic from '@anthropic-ai/sdk';
import { streamingGuardedFetch } from '../../lib/outbound/streaming-fetch.js';
import type { ServiceContext } from '../context.js';
import { CredentialNotFoundError, openCredentialByName } from '../credentials/open-credential-by-name.js';
import { AiCallError } from './ai-call-error.js';

/**
 * The deployment's Anthropic settings. Only workers have them (built from ANTHROPIC_API_KEY and
 * ANTHROPIC_BASE_URL in the worker's entry point): the API's platform has no key to leak.
 */
export interface AiProvider {
  apiKey: string | undefined;
  baseUrl: string | undefined;
}

/** The credential an organization's own key is kept in; it takes precedence over the deployment's. */
export const ORG_KEY_CREDENTIAL = 'anthropic';

/** A model's answer, as big as any allowed model writes, with its event framing. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export type KeySource = 'organization' | 'deployment';

/** Which key the organization's calls use, opened (inside the worker only), or none. */
export async function resolveAnthropicKey(
  ctx: ServiceContext,
  provider: AiProvider,
): Promise<{ key: string; source: KeySource } | undefined> {
  try {
    const credential = await openCredentialByName(ctx, ORG_KEY_CREDENTIAL);
    const value = credential.value as { key?: unknown; token?: unknown };
    const key =
      credential.type === 'api_key'
        ? value.key
        : credential.type === 'bearer_token'
          ? value.token
          : undefined;
    if (typeof key !== 'string' || key === '') {
      throw new AiCallError(
        'AI_NOT_CONFIGURED',
        `The credential "${ORG_KEY_CREDENTIAL}" must be an api_key (or bearer_token) holding an Anthropic API key`,
        false,
      );
    }
    return { key, source: 'organization' };
  } catch (error) {
    if (!(error instanceof CredentialNotFoundError)) throw error;
  }
  return provider.apiKey ? { key: provider.apiKey, source: 'deployment' } : undefined;
}

/**
 * The SDK client for one call. Its requests go through the outbound guard (pinned address, capped
 * body) with the answer streamed; it never retries by itself (`maxRetries: 0`): retries are the
 * activity's, by Temporal's retry policy, so each one is visible in the run's history.
 */
export function anthropicClient(
  ctx: ServiceContext,
  provider: AiProvider,
  key: string,
  timeoutMs: number,
): Anthropic {
  return new Anthropic({
    apiKey: key,
    ...(provider.baseUrl ? { baseURL: provider.baseUrl } : {}),
    maxRetries: 0,
    timeout: timeoutMs,
    fetch: streamingGuardedFetch(ctx.outbound, { maxResponseBytes: MAX_RESPONSE_BYTES }),
  });
}

/** The workers' provider settings from their environment; the API never builds one. */
export function aiProviderOf(config: {
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
}): AiProvider {
  return { apiKey: config.ANTHROPIC_API_KEY, baseUrl: config.ANTHROPIC_BASE_URL };
}
