import { eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import type { Platform } from '../context.js';
import { announceDisabled, disableSubscription } from './disable-subscription.js';
import { KEPT_RESPONSE_CHARS, type ReceiverAnswer, sendWebhook } from './send-webhook.js';
import { findWebhook, type WebhookDeliveryRow } from './webhook-resource.js';

/** How one attempt ended: `retry` means the receiver did not take it and Temporal should try again. */
export type AttemptOutcome =
  | { result: 'delivered' | 'already_delivered' | 'gone' | 'dropped' }
  | { result: 'retry'; reason: string };

/**
 * One attempt at a delivery: loads the row, signs and POSTs it through the guard, and records the
 * attempt on the row. 2xx delivers it (and resets the subscription's failure count); 410 Gone
 * disables the subscription; a subscription disabled or deleted meanwhile drops the delivery.
 */
export async function attemptWebhookDelivery(
  platform: Platform,
  target: { orgId: string; deliveryId: string },
): Promise<AttemptOutcome> {
  const { orgId, deliveryId } = target;
  const [delivery] = await platform.db
    .select()
    .from(webhookDeliveries)
    .where(inOrg(webhookDeliveries, orgId, eq(webhookDeliveries.id, deliveryId)));
  if (!delivery) return { result: 'dropped' };
  if (delivery.status !== 'pending') return { result: 'already_delivered' };
  const subscription = await findWebhook(platform.db, orgId, delivery.subscriptionId).catch(() => null);
  if (!subscription?.enabled) {
    await recordAttempt(platform, delivery, {
      status: 'failed',
      lastError: 'the subscription is disabled or deleted',
    });
    return { result: 'dropped' };
  }
  let answer: ReceiverAnswer;
  try {
    answer = await sendWebhook(platform, subscription, {
      id: delivery.id,
      type: delivery.eventType,
      data: (delivery.payload.data ?? {}) as Record<string, unknown>,
      occurredAt: String(delivery.payload.timestamp ?? delivery.createdAt.toISOString()),
    });
  } catch (error) {
    const reason =
      error instanceof OutboundError
        ? `${error.code}: ${error.message}`
        : 'TIMEOUT: the receiver did not answer in time';
    await recordAttempt(platform, delivery, {
      lastError: reason.slice(0, KEPT_RESPONSE_CHARS),
      attempted: true,
    });
    return { result: 'retry', reason };
  }
  const answered = { responseStatus: answer.status, responseBody: answer.body, attempted: true };
  if (answer.status >= 200 && answer.status < 300) {
    await platform.db.transaction(async (tx) => {
      await recordAttempt({ ...platform, db: tx }, delivery, {
        ...answered,
        status: 'delivered',
        lastError: null,
      });
      await tx
        .update(webhookSubscriptions)
        .set({ consecutiveFailures: 0, lastDeliveryAt: platform.clock() })
        .where(inOrg(webhookSubscriptions, orgId, eq(webhookSubscriptions.id, subscription.id)));
    });
    return { result: 'delivered' };
  }
  if (answer.status === 410) {
    await platform.db.transaction(async (tx) => {
      await recordAttempt({ ...platform, db: tx }, delivery, {
        ...answered,
        status: 'failed',
        lastError: '410 Gone',
      });
      await disableSubscription({ ...platform, db: tx }, subscription, 'the receiver answered 410 Gone');
    });
    await announceDisabled(platform, subscription, 'the receiver answered 410 Gone');
    return { result: 'gone' };
  }
  const reason = `the receiver answered ${answer.status}`;
  await recordAttempt(platform, delivery, { ...answered, lastError: reason });
  return { result: 'retry', reason };
}

async function recordAttempt(
  platform: Platform,
  delivery: WebhookDeliveryRow,
  change: {
    status?: 'delivered' | 'failed';
    responseStatus?: number;
    responseBody?: string;
    lastError?: string | null;
    attempted?: boolean;
  },
) {
  const now = platform.clock();
  await platform.db
    .update(webhookDeliveries)
    .set({
      ...(change.attempted ? { attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: now } : {}),
      ...(change.status ? { status: change.status } : {}),
      ...(change.status === 'delivered' ? { deliveredAt: now } : {}),
      ...(change.responseStatus === undefined
        ? {}
        : { responseStatus: change.responseStatus, responseBody: change.responseBody ?? null }),
      ...(change.lastError === undefined ? {} : { lastError: change.lastError }),
      updatedAt: now,
    })
    .where(inOrg(webhookDeliveries, delivery.orgId, eq(webhookDeliveries.id, delivery.id)));
}

/**
 * After the last attempt failed: the delivery is failed, and its subscription counts one more
 * failure in a row; past its `max_consecutive_failures` the subscription is disabled.
 */
export async function recordWebhookFailure(
  platform: Platform,
  target: { orgId: string; deliveryId: string },
) {
  const { orgId, deliveryId } = target;
  const disabled = await platform.db.transaction(async (tx) => {
    const [failed] = await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', updatedAt: platform.clock() })
      .where(
        inOrg(
          webhookDeliveries,
          orgId,
          eq(webhookDeliveries.id, deliveryId),
          eq(webhookDeliveries.status, 'pending'),
        ),
      )
      .returning({ subscriptionId: webhookDeliveries.subscriptionId });
    if (!failed) return;
    const [counted] = await tx
      .update(webhookSubscriptions)
      .set({ consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1` })
      .where(inOrg(webhookSubscriptions, orgId, eq(webhookSubscriptions.id, failed.subscriptionId)))
      .returning();
    if (counted?.enabled && counted.consecutiveFailures >= counted.maxConsecutiveFailures) {
      const reason = `${counted.consecutiveFailures} deliveries in a row failed`;
      await disableSubscription({ ...platform, db: tx }, counted, reason);
      return { row: counted, reason };
    }
    return undefined;
  });
  if (disabled) await announceDisabled(platform, disabled.row, disabled.reason);
}
