import type { OutboundGuard } from '../../../lib/outbound/guard.js';
import { signedHeaders } from '../../webhooks/webhook-secret.js';
import { postJson } from './http-post.js';
import type { OutgoingNotification } from './message.js';

/**
 * A generic webhook signed with Standard Webhooks, as inbound triggers verify it: webhook-id is the
 * notification's id (the same on every retry, so receivers dedupe), the signature covers
 * `${id}.${timestamp}.${body}`.
 */
export function sendWebhook(
  guard: OutboundGuard,
  url: string,
  secret: string,
  message: OutgoingNotification,
  now: Date,
): Promise<void> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({
    type: 'notification',
    timestamp: now.toISOString(),
    data: {
      id: message.id,
      source: message.source,
      subject: message.subject,
      body: message.body,
      recipients: message.recipients,
      ...message.data,
    },
  });
  // The same signing as outbound webhook subscriptions: one implementation of the scheme.
  return postJson(guard, url, body, signedHeaders([secret], { id: message.id, timestamp, body }));
}
