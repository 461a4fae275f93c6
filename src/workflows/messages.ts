// Messages between the API and running interpreter workflows (Temporal Updates and Queries).
// Bundle-safe and imported by both sides: the API sends these, `conveyorWorkflow` handles them.
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export type DecisionKind = 'approve' | 'reject' | 'escalate';
export type ApprovalOutcome = 'approved' | 'rejected';
/** As stored in `approvals.status`: `expired` is a rejection by timeout. */
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled';

/** One accepted decision, as the step output, the update result and the database row carry it. */
export interface ApprovalDecision {
  user_id: string;
  decision: DecisionKind;
  comment: string | null;
  payload: Record<string, unknown> | null;
  /** The escalation level it was made at (0 = the first approvers). */
  level: number;
  at: string;
}

/** The `approval` step's output. A rejection is an output, not a step failure. */
export interface ApprovalStepOutput {
  approval_id: string;
  outcome: ApprovalOutcome;
  /** Who carried the outcome: the approvers at the final level, or the one who rejected; [] on timeout. */
  decided_by: string[];
  decisions: ApprovalDecision[];
  level: number;
  timed_out: boolean;
  /** The payload of the decision that closed the request (null when a timeout closed it). */
  payload: Record<string, unknown> | null;
}

/** The state of one approval request as the workflow holds it; what the read model mirrors. */
export interface ApprovalSnapshot {
  approvalId: string;
  stepPath: string;
  status: ApprovalState;
  level: number;
  /** Who may decide at the current level. */
  approverUserIds: string[];
  approverRoles: string[];
  required: number;
  decisions: ApprovalDecision[];
  outcome: ApprovalStepOutput | null;
  expiresAt: string | null;
  decidedAt: string | null;
}

export interface DecisionRequest {
  approvalId: string;
  decision: DecisionKind;
  /** The caller as the API authenticated them: their user id and the names of their roles. */
  actor: { userId: string; roles: string[] };
  comment?: string | null;
  payload?: Record<string, unknown> | null;
}

export interface DecisionResult {
  decision: ApprovalDecision;
  approval: ApprovalSnapshot;
}

/**
 * Why the workflow refused a decision: the `type` of the ApplicationFailure its validator throws.
 * A refused update is never written to the history. `invalid_payload` carries `{ errors }` details.
 */
export const DECISION_REFUSALS = [
  'approval_closed',
  'not_an_approver',
  'self_approval_forbidden',
  'already_decided',
  'invalid_payload',
] as const;
export type DecisionRefusal = (typeof DECISION_REFUSALS)[number];

export const decideApproval = defineUpdate<DecisionResult, [DecisionRequest]>('approval.decide');
/** The run's approval requests still waiting for a decision. */
export const openApprovals = defineQuery<ApprovalSnapshot[]>('approval.open');
