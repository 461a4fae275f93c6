import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, deletedAt, idColumn, jsonb, orgIdColumn, updatedAt } from './columns.js';
import { organizations } from './tenancy.js';
import { workflows } from './workflows.js';

export const TRIGGER_TYPES = ['webhook', 'schedule', 'event', 'manual'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const triggers = pgTable(
  'triggers',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id),
    name: text('name').notNull(),
    type: text('type', { enum: TRIGGER_TYPES }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Type-specific settings (event source and kinds, schedule spec, payload size…). */
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** Payload → variable mappings (JSONata per variable). */
    mappings: jsonb('mappings').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** Webhooks: the unguessable path segment, unique across the installation. */
    webhookPath: text('webhook_path'),
    /** Webhooks: the signing secret, encrypted with the master key (AES-256-GCM). */
    secretCiphertext: text('secret_ciphertext'),
    /** The secret before the last rotation, accepted until `previous_secret_expires_at`. */
    previousSecretCiphertext: text('previous_secret_ciphertext'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    /** Schedule triggers: the schedule (and Temporal Schedule) that backs them. */
    scheduleId: text('schedule_id'),
    fireCount: integer('fire_count').notNull().default(0),
    lastFiredAt: timestamp('last_fired_at', { withTimezone: true }),
    lastError: jsonb('last_error').$type<{ code: string; message: string; at: string } | null>(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    index('triggers_org_idx').on(t.orgId, t.type, t.createdAt.desc()),
    uniqueIndex('triggers_webhook_path_key').on(t.webhookPath),
  ],
);
