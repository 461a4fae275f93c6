import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { triggers } from '../../db/schema/index.js';
import { DecryptionError } from '../../lib/crypto.js';
import { ApiError } from '../../lib/errors.js';
import { type RequestContext, systemContext } from '../context.js';
import { DEFAULT_TOLERANCE_SECONDS, type WebhookConfigValue } from './config.js';
import { fireTrigger } from './fire-trigger.js';
import type { TriggerRow } from './trigger-resource.js';
import { openWebhookSecret, signatureMatches, signingKey, timestampFresh } from './webhook-secrets.js';

export interface WebhookDelivery {
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body exactly as received: the signature covers these bytes. */
  body: Buffer;
}

const MAX_WEBHOOK_ID = 256;
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json(\s*;.*)?$/i;
/** Headers the mappings never see: credentials and the signature itself. */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'webhook-signature']);
/** Stands in for a secret when there is none, so every failure does the same work. */
const DUMMY_KEY = randomBytes(32);

/**
 * The single answer for every unverifiable delivery: unknown, disabled, unsigned, stale or forged.
 * Even `instance` is the same for every path, so the bodies are identical but for the request id.
 */
export const invalidWebhook = () =>
  new ApiError('invalid_webhook', 'The webhook delivery could not be verified', {
    details: { instance: '/api/v1/triggers/webhooks' },
  });

/**
 * Verifies a Standard Webhooks delivery and starts its run. A sender learns nothing from a refusal
 * beyond "not accepted": an unknown path is checked against a dummy key, the same answer is given,
 * and both signing keys are always computed. A repeated webhook-id answers with the run it started.
 */
export async function receiveWebhook(
  request: RequestContext,
  delivery: WebhookDelivery,
): Promise<{ execution_id: string; duplicate: boolean }> {
  // tenancy: cross-tenant — a webhook sender knows only the path; the trigger found names its org
  const [found] = await request.db
    .select()
    .from(triggers)
    .where(
      and(eq(triggers.webhookPath, delivery.path), eq(triggers.type, 'webhook'), isNull(triggers.deletedAt)),
    );
  const config = (found?.config ?? {}) as Partial<WebhookConfigValue>;
  const webhookId = delivery.headers['webhook-id'] ?? '';
  const timestamp = delivery.headers['webhook-timestamp'] ?? '';
  const signed = signatureMatches(signingKeys(request, found), {
    id: webhookId,
    timestamp,
    signatureHeader: delivery.headers['webhook-signature'] ?? '',
    body: delivery.body,
  });
  const fresh = timestampFresh(timestamp, config.tolerance_seconds ?? DEFAULT_TOLERANCE_SECONDS);
  const idValid = webhookId.length > 0 && webhookId.length <= MAX_WEBHOOK_ID;
  if (!found?.enabled || !signed || !fresh || !idValid) throw invalidWebhook();

  if (config.max_body_bytes !== undefined && delivery.body.length > config.max_body_bytes) {
    throw new ApiError(
      'payload_too_large',
      `This webhook accepts bodies up to ${config.max_body_bytes} bytes`,
    );
  }
  const contentType = delivery.headers['content-type'];
  if (!contentType || !JSON_TYPE.test(contentType)) {
    throw new ApiError('unsupported_media_type', 'Webhook bodies must be application/json');
  }
  const payload = parsePayload(delivery.body);
  const ctx = systemContext(request, found.orgId, request);
  const { execution, created } = await fireTrigger(ctx, found, {
    payload,
    headers: Object.fromEntries(
      Object.entries(delivery.headers).filter(([name]) => !HIDDEN_HEADERS.has(name)),
    ),
    executionTrigger: 'webhook',
    idempotencyKey: `webhook:${found.id}:${webhookId}`,
    details: { webhook_id: webhookId },
  });
  return { execution_id: execution.id, duplicate: !created };
}

/** The current key and the previous one while its grace lasts; dummies fill the gaps. */
function signingKeys(request: RequestContext, trigger: TriggerRow | undefined): Buffer[] {
  const open = (ciphertext: string | null | undefined): Buffer => {
    if (!trigger || !ciphertext) return DUMMY_KEY;
    try {
      return signingKey(openWebhookSecret(request.secrets.masterKey, trigger.id, ciphertext));
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      // A changed master key, not the sender's fault; the delivery is refused like any other.
      request.logger.error({ trigger_id: trigger.id }, 'webhook secret does not decrypt with the master key');
      return DUMMY_KEY;
    }
  };
  const previousLive =
    trigger?.previousSecretExpiresAt !== null &&
    trigger?.previousSecretExpiresAt !== undefined &&
    trigger.previousSecretExpiresAt.getTime() > Date.now();
  return [open(trigger?.secretCiphertext), open(previousLive ? trigger?.previousSecretCiphertext : null)];
}

function parsePayload(body: Buffer): unknown {
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('invalid_payload', 'The body is not valid JSON');
  }
  if (payload === null || typeof payload !== 'object') {
    throw new ApiError('invalid_payload', 'The body must be a JSON object or array');
  }
  return payload;
}
