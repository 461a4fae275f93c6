import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, deletedAt, idColumn, jsonb, orgIdColumn, updatedAt } from './columns.js';
import { organizations } from './tenancy.js';

export const AGENT_KINDS = ['robot', 'ai'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

/**
 * One resource for both kinds of agent the references call `/agents`: RPA robots (which claim
 * tasks with their own token) and AI agents (configured models, a later issue). Online/offline is
 * derived from `last_heartbeat_at`, never stored.
 */
export const agents = pgTable(
  'agents',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    kind: text('kind', { enum: AGENT_KINDS }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    labels: jsonb('labels').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    capabilities: jsonb('capabilities').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    maxConcurrency: integer('max_concurrency').notNull().default(1),
    /** Robots: SHA-256 of the current token (shown once); the token itself is never stored. */
    tokenHash: text('token_hash'),
    /** The token's first characters, so a user can tell tokens apart. */
    tokenPrefix: text('token_prefix'),
    tokenRotatedAt: timestamp('token_rotated_at', { withTimezone: true }),
    /** What the robot last reported: its own status word, version, host facts and load. */
    reportedStatus: text('reported_status'),
    version: text('version'),
    host: jsonb('host').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    currentLoad: integer('current_load').notNull().default(0),
    lastHeartbeatAt: timestamp('last_heartbeat_at', { withTimezone: true }),
    /** AI agents (later issue): model, system prompt, tools. */
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    index('agents_org_idx').on(t.orgId, t.kind, t.createdAt.desc()),
    uniqueIndex('agents_token_hash_key').on(t.tokenHash),
  ],
);

export const AGENT_TASK_STATUSES = [
  'pending',
  'claimed',
  'completed',
  'failed',
  'cancelled',
  'timed_out',
] as const;
export type AgentTaskStatus = (typeof AGENT_TASK_STATUSES)[number];

/**
 * Work handed to robots by an `agent` step. One row per activity attempt: the Temporal task token
 * (encrypted) stays here; robots only ever see the task id.
 */
export const agentTasks = pgTable(
  'agent_tasks',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    executionId: text('execution_id').notNull(),
    stepPath: text('step_path').notNull(),
    activityId: text('activity_id').notNull(),
    attempt: integer('attempt').notNull(),
    taskType: text('task_type').notNull(),
    payload: jsonb('payload').$type<unknown>(),
    requiredLabels: jsonb('required_labels').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    requiredCapabilities: jsonb('required_capabilities')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status', { enum: AGENT_TASK_STATUSES }).notNull().default('pending'),
    agentId: text('agent_id'),
    taskTokenCiphertext: text('task_token_ciphertext').notNull(),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    result: jsonb('result').$type<unknown>(),
    error: jsonb('error').$type<{ code: string; message: string; retryable?: boolean } | null>(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    lastHeartbeatAt: timestamp('last_heartbeat_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('agent_tasks_claim_idx').on(t.orgId, t.status, t.createdAt),
    index('agent_tasks_agent_idx').on(t.orgId, t.agentId, t.status),
    // The queue keep-alive's scan, quietest queued task first (keep-queue-alive.ts): without it a
    // scan and sort of every pending task (43-86 ms at 100,000 on PostgreSQL; 0.14 ms with it).
    index('agent_tasks_pending_quiet_idx')
      .on(t.orgId, sql`coalesce(${t.lastHeartbeatAt}, ${t.createdAt})`)
      .where(sql`${t.status} = 'pending'`),
    uniqueIndex('agent_tasks_activity_attempt_key').on(t.executionId, t.activityId, t.attempt),
  ],
);
