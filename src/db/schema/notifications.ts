import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, jsonb, orgIdColumn, runText, updatedAt } from './columns.js';
import { credentials } from './credentials.js';
import { organizations } from './tenancy.js';

export const NOTIFICATION_CHANNELS = ['email', 'chat', 'webhook'] as const;
export type NotificationChannelKind = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * An organization's channel of one kind: its settings that are not secret, and its secrets (an
 * SMTP password, a chat webhook URL, a signing secret) in a credential of its own, named
 * `notify:<kind>`, which the credential routes cannot take or change.
 */
export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    kind: text('kind', { enum: NOTIFICATION_CHANNELS }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    credentialId: text('credential_id').references(() => credentials.id),
    lastDeliveryAt: timestamp('last_delivery_at', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    lastError: runText('last_error'),
    /** Deliveries that failed in a row, the last attempt included; a success resets it. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('notification_channels_org_kind_key').on(t.orgId, t.kind)],
);

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * One notification to deliver, and how it went. Its id is the delivery's idempotency key: the
 * e-mail's Message-ID, the webhook's webhook-id, the delivery workflow's id.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    recipients: jsonb('recipients').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    subject: runText('subject').notNull(),
    body: runText('body').notNull(),
    /** What sent it: `api`, `test`, `step`, `approval`, `integration_alert`, `webhook_disabled`, `ai_budget`. */
    source: text('source').notNull(),
    /** Extra fields for the chat and webhook payloads (an approval's link, an alert's integration). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: runText('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_org_created_idx').on(t.orgId, t.createdAt.desc()),
    index('notifications_org_channel_idx').on(t.orgId, t.channel, t.createdAt.desc()),
  ],
);
