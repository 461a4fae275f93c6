import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, deletedAt, idColumn, jsonb, orgIdColumn, updatedAt } from './columns.js';
import { organizations } from './tenancy.js';

/** Outbound webhook subscriptions: where Conveyor POSTs the organization's events (docs/webhooks.md). */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    url: text('url').notNull(),
    /** Event types and wildcards (`execution.*`, `*`) from the catalogue in services/webhooks/event-types.ts. */
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Why the subscription was last disabled by Conveyor itself (too many failures, 410 Gone). */
    disabledReason: text('disabled_reason'),
    maxConsecutiveFailures: integer('max_consecutive_failures').notNull().default(10),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** The signing secret, sealed with the master key and bound to this subscription. */
    secretCiphertext: text('secret_ciphertext').notNull(),
    secretHint: text('secret_hint').notNull(),
    /** The secret before the last rotation: deliveries carry both signatures until it expires. */
    previousSecretCiphertext: text('previous_secret_ciphertext'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    lastDeliveryAt: timestamp('last_delivery_at', { withTimezone: true }),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('webhook_subscriptions_org_idx').on(t.orgId, t.createdAt.desc())],
);

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * The outbox: one row per (subscription, event), written in the transaction of the change that
 * caused the event. Its id is the `webhook-id` header and the delivery workflow's id.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The JSON body sent: `{type, timestamp, data}`. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_subscription_event_key').on(t.subscriptionId, t.eventId),
    index('webhook_deliveries_org_subscription_idx').on(
      t.orgId,
      t.subscriptionId,
      t.createdAt.desc(),
      t.id.desc(),
    ),
    index('webhook_deliveries_pending_idx').on(t.status, t.createdAt),
  ],
);
