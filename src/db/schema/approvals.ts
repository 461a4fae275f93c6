import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, jsonb, orgIdColumn, runText, updatedAt } from './columns.js';
import { executions } from './executions.js';
import { organizations } from './tenancy.js';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * The read model of an approval request. The decision itself happens in the workflow (a Temporal
 * Update with a validator); this row is what lists, "pending for me" and the audit trail read.
 */
export const approvals = pgTable(
  'approvals',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    executionId: text('execution_id')
      .notNull()
      .references(() => executions.id, { onDelete: 'cascade' }),
    workflowId: text('workflow_id').notNull(),
    /** The approval step's path in the run. */
    stepPath: text('step_path').notNull(),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    message: runText('message').notNull().default(''),
    /** Current escalation level (0 = first approvers). */
    level: integer('level').notNull().default(0),
    /** Who may decide at the current level: user ids and role names. */
    approverUserIds: jsonb('approver_user_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    approverRoles: jsonb('approver_roles').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    requiredApprovals: integer('required_approvals').notNull().default(1),
    allowSelfApproval: text('allow_self_approval', { enum: ['yes', 'no'] })
      .notNull()
      .default('no'),
    /** The user who started the run (cannot approve unless allowed). */
    requestedBy: text('requested_by'),
    /** JSON Schema a decision's payload must satisfy. */
    form: jsonb('form').$type<Record<string, unknown> | null>(),
    /** Every accepted decision: approver, decision, comment, payload, level, at. */
    decisions: jsonb('decisions')
      .$type<
        {
          user_id: string;
          decision: string;
          comment: string | null;
          payload: unknown;
          level: number;
          at: string;
        }[]
      >()
      .notNull()
      .default(sql`'[]'::jsonb`),
    outcome: jsonb('outcome').$type<Record<string, unknown> | null>(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('approvals_org_status_idx').on(t.orgId, t.status, t.createdAt.desc()),
    uniqueIndex('approvals_execution_step_key').on(t.executionId, t.stepPath),
  ],
);
