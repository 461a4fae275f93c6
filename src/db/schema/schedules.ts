import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, deletedAt, idColumn, jsonb, orgIdColumn, updatedAt } from './columns.js';
import { organizations } from './tenancy.js';
import { workflows } from './workflows.js';

export const OVERLAP_POLICIES = [
  'skip',
  'buffer_one',
  'buffer_all',
  'cancel_other',
  'terminate_other',
  'allow_all',
] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/**
 * A schedule's record; its id is also the Temporal Schedule id. Temporal fires every run and is
 * the source of truth for state (paused, next and recent runs); this row keeps what was asked for,
 * including the cron text as entered.
 */
export const schedules = pgTable(
  'schedules',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    cron: text('cron'),
    /** Alternative to cron: a fixed interval such as `30s` or `15m`. */
    interval: text('interval'),
    timezone: text('timezone').notNull().default('UTC'),
    input: jsonb('input').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    overlapPolicy: text('overlap_policy', { enum: OVERLAP_POLICIES }).notNull().default('skip'),
    catchupWindow: text('catchup_window'),
    pauseOnFailure: boolean('pause_on_failure').notNull().default(false),
    jitter: text('jitter'),
    /** The trigger this schedule backs, when it was created as a `schedule` trigger. */
    triggerId: text('trigger_id'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('schedules_org_idx').on(t.orgId, t.createdAt.desc())],
);
