import { sendOutbound } from '../../lib/outbound/client.js';
import type { Platform } from '../context.js';
import type { WebhookRow } from './webhook-resource.js';
import { openSubscriptionSecret, signedHeaders } from './webhook-secret.js';

/** The largest answer read from a receiver; what is kept of it on the delivery row is smaller. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** What a delivery row and the test answer keep of the receiver's body. */
export const KEPT_RESPONSE_CHARS = 1024;

export interface WebhookMessage {
  /** The `webhook-id`: the delivery's id, the same on every attempt. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** When the event happened (the body's `timestamp`). */
  occurredAt: string;
}

export interface ReceiverAnswer {
  status: number;
  latencyMs: number;
  body: string;
}

/** The secrets a delivery is signed with now: the current one, and the previous one during its grace period. */
function signingSecrets(platform: Platform, row: WebhookRow): string[] {
  const secrets = [openSubscriptionSecret(platform.secrets.masterKey, row.id, row.secretCiphertext)];
  if (
    row.previousSecretCiphertext &&
    row.previousSecretExpiresAt &&
    row.previousSecretExpiresAt > platform.clock()
  ) {
    secrets.push(openSubscriptionSecret(platform.secrets.masterKey, row.id, row.previousSecretCiphertext));
  }
  return secrets;
}

/**
 * POSTs one signed event (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) to
 * the subscription's URL through the outbound guard, bounded in time and size. Throws
 * OutboundError when the request did not get an answer.
 */
export async function sendWebhook(
  platform: Platform,
  row: WebhookRow,
  message: WebhookMessage,
): Promise<ReceiverAnswer> {
  const body = JSON.stringify({ type: message.type, timestamp: message.occurredAt, data: message.data });
  const timestamp = Math.floor(platform.clock().getTime() / 1000);
  const headers = signedHeaders(signingSecrets(platform, row), { id: message.id, timestamp, body });
  const started = performance.now();
  const response = await sendOutbound(platform.outbound, {
    method: 'POST',
    url: row.url,
    headers,
    body,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    signal: AbortSignal.timeout(platform.config.webhooks.timeoutSeconds * 1000),
  });
  return {
    status: response.status,
    latencyMs: Math.round(performance.now() - started),
    body: response.body.toString('utf8').slice(0, KEPT_RESPONSE_CHARS),
  };
}
