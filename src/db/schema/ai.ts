import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, orgIdColumn, runText } from './columns.js';
import { organizations, users } from './tenancy.js';

export const AI_TASK_TYPES = ['ask', 'analyze', 'decide', 'classify', 'extract', 'summarize'] as const;
export type AiTaskName = (typeof AI_TASK_TYPES)[number];

/**
 * One /ai/* request's Temporal run (`air_…`, also its workflow id): who asked, for which task.
 * Written before the run starts, so the codec endpoints can tell the run is the organization's.
 */
export const aiRuns = pgTable(
  'ai_runs',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    userId: text('user_id').references(() => users.id),
    taskType: text('task_type', { enum: AI_TASK_TYPES }).notNull(),
    conversationId: text('conversation_id'),
    createdAt: createdAt(),
  },
  (t) => [index('ai_runs_org_idx').on(t.orgId, t.createdAt.desc())],
);

/** A conversation of `/ai/ask` turns: one user's, in one organization. */
export const aiConversations = pgTable(
  'ai_conversations',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
  },
  (t) => [index('ai_conversations_org_user_idx').on(t.orgId, t.userId)],
);

/**
 * One turn of a conversation. A run adds its question and answer once however often its activity
 * is retried: `(conversation_id, run_id, role)` is unique.
 */
export const aiConversationTurns = pgTable(
  'ai_conversation_turns',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => aiConversations.id, { onDelete: 'cascade' }),
    runId: text('run_id').notNull(),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    content: runText('content').notNull(),
    /** Tokens the turn costs when sent again (the API's count for answers, an estimate for questions). */
    tokens: integer('tokens').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ai_conversation_turns_run_key').on(t.conversationId, t.runId, t.role),
    index('ai_conversation_turns_conversation_idx').on(t.conversationId, t.createdAt),
  ],
);

/**
 * One request to the Messages API that answered: its tokens, model, latency and cost. `call_key`
 * (workflow id, activity id, attempt, call number) makes recording it again a no-op.
 */
export const aiUsage = pgTable(
  'ai_usage',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    callKey: text('call_key').notNull(),
    userId: text('user_id'),
    executionId: text('execution_id'),
    runId: text('run_id').notNull(),
    taskType: text('task_type', { enum: AI_TASK_TYPES }).notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    cacheCreationInputTokens: integer('cache_creation_input_tokens').notNull(),
    cacheReadInputTokens: integer('cache_read_input_tokens').notNull(),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull(),
    latencyMs: integer('latency_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ai_usage_call_key').on(t.callKey),
    index('ai_usage_org_created_idx').on(t.orgId, t.createdAt),
  ],
);
