import type { ApprovalRow } from './approval-rows.js';

/** THE API shape of an approval request. */
export function toApprovalResource(row: ApprovalRow) {
  return {
    id: row.id,
    execution_id: row.executionId,
    workflow_id: row.workflowId,
    step_path: row.stepPath,
    status: row.status,
    message: row.message,
    level: row.level,
    approvers: { users: row.approverUserIds, roles: row.approverRoles },
    required: row.requiredApprovals,
    allow_self_approval: row.allowSelfApproval === 'yes',
    requested_by: row.requestedBy,
    form: row.form ?? null,
    decisions: row.decisions.map((d) => ({
      user_id: d.user_id,
      decision: d.decision as 'approve' | 'reject' | 'escalate',
      comment: d.comment,
      payload: (d.payload ?? null) as Record<string, unknown> | null,
      level: d.level,
      at: d.at,
    })),
    outcome: row.outcome ?? null,
    expires_at: row.expiresAt?.toISOString() ?? null,
    decided_at: row.decidedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type ApprovalResource = ReturnType<typeof toApprovalResource>;
