import { randomUUID } from 'node:crypto';
import {
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLogs } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError, conflict } from '../../lib/errors.js';
import {
  DECISION_REFUSALS,
  type DecisionKind,
  type DecisionRefusal,
  type DecisionRequest,
  type DecisionResult,
  decideApproval,
} from '../../workflows/messages.js';
import type { AuditAction } from '../audit/actions.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { applyApprovalState } from './approval-rows.js';
import { roleNamesOf } from './approver-roles.js';
import { findApproval } from './find-approval.js';
import { toApprovalResource } from './serialize.js';

/** Each decision's audit action, spelled out so the catalogue and the source agree on every one. */
const DECISION_ACTIONS = {
  approve: 'approval.approve',
  reject: 'approval.reject',
  escalate: 'approval.escalate',
} as const satisfies Record<DecisionKind, AuditAction>;

/** How long a decision may wait for the workflow (no worker, Temporal down) before answering 503. */
const TEMPORAL_DEADLINE_MS = 10_000;

export interface DecideApprovalInput {
  decision: DecisionKind;
  comment?: string;
  payload?: Record<string, unknown>;
  idempotencyKey?: string;
}

const closed = () => conflict('approval_closed', 'This approval request is no longer open');

/**
 * Sends a decision to the run as a Temporal Update. The workflow decides whether it counts (its
 * validator refuses a decision that may not be made, and nothing is recorded then); an accepted
 * one is audited here together with the row's new state. The Update id is built from the
 * Idempotency-Key, so a repeated request gets the first answer and never makes a second decision.
 */
export async function decideApprovalRequest(ctx: ServiceContext, id: string, input: DecideApprovalInput) {
  requirePermission(ctx, 'approvals:decide');
  const row = await findApproval(ctx, id);
  const userId = ctx.actor.type === 'user' ? ctx.actor.id : null;
  if (!userId) throw new ApiError('not_an_approver', 'Only users decide approval requests');
  const updateId = `${id}/${userId}/${input.idempotencyKey ?? randomUUID()}`;
  const answer = async () => ({
    ...toApprovalResource(await findApproval(ctx, id)),
    decision_accepted: true,
  });

  if (input.idempotencyKey && (await decisionAudited(ctx.db, ctx.orgId, id, updateId))) return answer();
  if (row.status !== 'pending') throw closed();
  const request: DecisionRequest = {
    approvalId: id,
    decision: input.decision,
    actor: { userId, roles: await roleNamesOf(ctx.db, ctx.orgId, userId) },
    comment: input.comment ?? null,
    payload: input.payload ?? null,
  };
  const result = await sendDecision(ctx, row.executionId, request, updateId);

  await ctx.db.transaction(async (tx) => {
    // Locks the row first, so a retried request racing this one cannot audit the decision twice.
    await applyApprovalState(tx, ctx.orgId, result.approval);
    if (await decisionAudited(tx, ctx.orgId, id, updateId)) return;
    await recordAudit(tx, ctx, {
      action: DECISION_ACTIONS[result.decision.decision],
      resourceType: 'approval',
      resourceId: id,
      details: {
        comment: result.decision.comment,
        payload: result.decision.payload,
        level: result.decision.level,
        status: result.approval.status,
        execution_id: row.executionId,
        update_id: updateId,
      },
    });
  });
  return answer();
}

async function sendDecision(
  ctx: ServiceContext,
  executionId: string,
  request: DecisionRequest,
  updateId: string,
): Promise<DecisionResult> {
  const handle = ctx.temporal.client.workflow.getHandle(executionId);
  try {
    return await ctx.temporal.client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      handle.executeUpdate(decideApproval, { args: [request], updateId }),
    );
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause;
      if (cause instanceof ApplicationFailure && isRefusal(cause.type)) {
        const details = cause.details?.[0] as Record<string, unknown> | undefined;
        throw new ApiError(cause.type, cause.message, { details });
      }
      throw error;
    }
    // The run has closed (completed, failed, cancelled, terminated): its requests with it.
    if (error instanceof WorkflowNotFoundError) throw closed();
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcServiceError(error)) {
      // Not a 500: the request is fine and trying again later may well work.
      throw new ApiError('temporal_unavailable', 'The run did not take the decision in time; try again');
    }
    throw error;
  }
}

function isRefusal(type: string | undefined | null): type is DecisionRefusal {
  return DECISION_REFUSALS.includes(type as DecisionRefusal);
}

async function decisionAudited(db: Db, orgId: string, approvalId: string, updateId: string) {
  const [row] = await db
    .select({ id: auditLogs.id })
    .from(auditLogs)
    .where(
      and(
        inOrg(auditLogs, orgId, eq(auditLogs.resourceType, 'approval'), eq(auditLogs.resourceId, approvalId)),
        sql`${auditLogs.details}->>'update_id' = ${updateId}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
