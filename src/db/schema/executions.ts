import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, jsonb, orgIdColumn, runText, updatedAt } from './columns.js';
import { organizations } from './tenancy.js';
import { workflows } from './workflows.js';

export const EXECUTION_STATUSES = [
  'running',
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'timed_out',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const EXECUTION_TRIGGERS = [
  'manual',
  'api',
  'schedule',
  'webhook',
  'event',
  'retry',
  'sub_workflow',
] as const;
export type ExecutionTrigger = (typeof EXECUTION_TRIGGERS)[number];

/**
 * The read model of a run. Temporal is the source of truth; this row is what lists, filters and
 * exports read. Its id is also the Temporal workflow id.
 */
export const executions = pgTable(
  'executions',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id),
    workflowVersion: integer('workflow_version').notNull(),
    status: text('status', { enum: EXECUTION_STATUSES }).notNull().default('running'),
    trigger: text('trigger', { enum: EXECUTION_TRIGGERS }).notNull().default('manual'),
    input: jsonb('input').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    output: jsonb('output').$type<unknown>(),
    error: jsonb('error').$type<{ code: string; message: string; step_id?: string | null } | null>(),
    temporalRunId: text('temporal_run_id'),
    idempotencyKey: text('idempotency_key'),
    /** The failed execution this one retries, when it is a retry. */
    retryOf: text('retry_of'),
    startedBy: text('started_by'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('executions_org_started_idx').on(t.orgId, t.startedAt.desc(), t.id.desc()),
    // Each filtered list ends in the list's own order, id included, so a filtered page (and a
    // keyset cursor into it) is one ordered range scan without a sort, at any table size.
    index('executions_org_workflow_started_idx').on(t.orgId, t.workflowId, t.startedAt.desc(), t.id.desc()),
    index('executions_org_status_started_idx').on(t.orgId, t.status, t.startedAt.desc(), t.id.desc()),
    // A workflow's runs of one status (the failed runs of one workflow is the question asked most);
    // without it that page walks the workflow's runs of every status, as many as it takes.
    index('executions_org_workflow_status_started_idx').on(
      t.orgId,
      t.workflowId,
      t.status,
      t.startedAt.desc(),
      t.id.desc(),
    ),
    uniqueIndex('executions_org_idempotency_key').on(t.orgId, t.idempotencyKey),
  ],
);

export const STEP_STATUSES = ['running', 'completed', 'failed', 'skipped', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** One row per step (per iteration inside loops: `path` is `loop[3].call`). */
export const executionSteps = pgTable(
  'execution_steps',
  {
    orgId: orgIdColumn().references(() => organizations.id),
    executionId: text('execution_id')
      .notNull()
      .references(() => executions.id, { onDelete: 'cascade' }),
    /** The step's path: its id, prefixed by enclosing loops/branches for nested steps. */
    path: text('path').notNull(),
    stepId: text('step_id').notNull(),
    type: text('type').notNull(),
    status: text('status', { enum: STEP_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    output: jsonb('output').$type<unknown>(),
    error: jsonb('error').$type<{ code: string; message: string } | null>(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Order of first appearance, so steps list in the order they ran. */
    seq: integer('seq').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.executionId, t.path] }),
    index('execution_steps_org_idx').on(t.orgId, t.executionId),
  ],
);

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const executionLogs = pgTable(
  'execution_logs',
  {
    /** A sequence, so "after entry N" pagination and ordering are exact. */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: orgIdColumn().references(() => organizations.id),
    executionId: text('execution_id')
      .notNull()
      .references(() => executions.id, { onDelete: 'cascade' }),
    level: text('level', { enum: LOG_LEVELS }).notNull(),
    stepId: text('step_id'),
    message: runText('message').notNull(),
    data: jsonb('data').$type<unknown>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('execution_logs_org_execution_idx').on(t.orgId, t.executionId, t.id)],
);
