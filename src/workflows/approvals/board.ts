import { ApplicationFailure } from '@temporalio/workflow';
import type {
  ApprovalDecision,
  ApprovalSnapshot,
  ApprovalState,
  ApprovalStepOutput,
  DecisionRefusal,
  DecisionRequest,
  DecisionResult,
} from '../messages.js';
import { checkForm } from './form.js';

export type TimeoutAction = 'reject' | 'approve' | 'escalate';

/** Who decides at one escalation level, how many approvals it takes, and what its timeout does. */
export interface ApprovalLevel {
  users: string[];
  roles: string[];
  required: number;
  timeoutMs?: number;
  onTimeout: TimeoutAction;
}

export interface ApprovalRequest {
  id: string;
  stepPath: string;
  levels: ApprovalLevel[];
  level: number;
  requestedBy: string | null;
  allowSelfApproval: boolean;
  form?: Record<string, unknown>;
  decisions: ApprovalDecision[];
  status: ApprovalState;
  /** Goes up with every change, so the waiting step knows when to record the state again. */
  revision: number;
  /** Workflow-clock milliseconds when the current level times out. */
  levelDeadline?: number;
  /** Closed by a timeout rather than by a decision. */
  timedOut: boolean;
  closedBy?: ApprovalDecision;
  decidedAt?: string;
}

const refuse = (type: DecisionRefusal, message: string, details?: Record<string, unknown>) =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details: details ? [details] : [] });

/**
 * The run's approval requests and the rules for deciding them. Only workflow code touches it: the
 * decision Update's validator reads it (and must not change it), its handler applies a decision,
 * and the waiting `approval` step applies timeouts. Rebuilt by replay, never persisted.
 */
export class ApprovalBoard {
  private readonly requests = new Map<string, ApprovalRequest>();
  /** Who started the run (looked up once per run, by the first approval step). */
  runStarter?: { userId: string | null };

  add(request: ApprovalRequest): void {
    this.requests.set(request.id, request);
  }

  open(): ApprovalSnapshot[] {
    return [...this.requests.values()].filter((r) => r.status === 'pending').map(snapshotOf);
  }

  /** Throws the refusal for a decision that may not be made now; changes nothing. */
  validate(request: DecisionRequest): void {
    const approval = this.pending(request.approvalId);
    const level = approval.levels[approval.level] as ApprovalLevel;
    const { userId, roles } = request.actor;
    if (!level.users.includes(userId) && !roles.some((role) => level.roles.includes(role))) {
      throw refuse('not_an_approver', `You are not an approver at level ${approval.level} of this request`);
    }
    if (!approval.allowSelfApproval && approval.requestedBy !== null && approval.requestedBy === userId) {
      throw refuse('self_approval_forbidden', 'The user who started the run may not decide its approvals');
    }
    if (approval.decisions.some((d) => d.user_id === userId && d.level === approval.level)) {
      throw refuse('already_decided', 'You have already decided this request at its current level');
    }
    // The form describes what an approval carries; other decisions are checked only if they send one.
    if (approval.form && (request.decision === 'approve' || request.payload != null)) {
      const errors = checkForm(approval.form, request.payload ?? {});
      if (errors.length > 0) {
        throw refuse('invalid_payload', `The payload does not match the form: ${errors.length} problem(s)`, {
          errors,
        });
      }
    }
  }

  /** Applies a validated decision (on replay, validators do not run: this must not depend on them). */
  decide(request: DecisionRequest): DecisionResult {
    const approval = this.pending(request.approvalId);
    const decision: ApprovalDecision = {
      user_id: request.actor.userId,
      decision: request.decision,
      comment: request.comment ?? null,
      payload: request.payload ?? null,
      level: approval.level,
      at: new Date().toISOString(),
    };
    approval.decisions.push(decision);
    approval.revision += 1;
    if (request.decision === 'reject') close(approval, 'rejected', decision);
    else if (request.decision === 'escalate') escalate(approval, decision);
    else {
      const level = approval.levels[approval.level] as ApprovalLevel;
      const approvals = approval.decisions.filter(
        (d) => d.level === approval.level && d.decision === 'approve',
      ).length;
      if (approvals >= level.required) close(approval, 'approved', decision);
    }
    return { decision, approval: snapshotOf(approval) };
  }

  /** The current level ran out of time: its `on_timeout` applies. */
  expire(approval: ApprovalRequest): void {
    const level = approval.levels[approval.level] as ApprovalLevel;
    approval.revision += 1;
    if (level.onTimeout === 'approve') close(approval, 'approved', undefined, true);
    else if (level.onTimeout === 'escalate') escalate(approval);
    else close(approval, 'expired', undefined, true);
  }

  private pending(id: string): ApprovalRequest {
    const approval = this.requests.get(id);
    if (approval?.status !== 'pending') {
      throw refuse('approval_closed', 'This approval request is no longer open');
    }
    return approval;
  }

  cancel(approval: ApprovalRequest): void {
    if (approval.status !== 'pending') return;
    approval.revision += 1;
    close(approval, 'cancelled');
  }
}

/** Starts a level's clock (the first level's when the request opens). */
export function startLevel(approval: ApprovalRequest, level: number): void {
  approval.level = level;
  const timeoutMs = approval.levels[level]?.timeoutMs;
  approval.levelDeadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
}

/**
 * The next level decides; past the last level the request is rejected (`expired` when a timeout
 * escalated it, since nobody decided).
 */
function escalate(approval: ApprovalRequest, decision?: ApprovalDecision): void {
  if (approval.level + 1 < approval.levels.length) startLevel(approval, approval.level + 1);
  else if (decision) close(approval, 'rejected', decision);
  else close(approval, 'expired', undefined, true);
}

function close(
  approval: ApprovalRequest,
  status: ApprovalState,
  decision?: ApprovalDecision,
  timedOut = false,
): void {
  approval.status = status;
  approval.closedBy = decision;
  approval.timedOut = timedOut;
  approval.levelDeadline = undefined;
  approval.decidedAt = new Date().toISOString();
}

export function outputOf(approval: ApprovalRequest): ApprovalStepOutput {
  const outcome = approval.status === 'approved' ? 'approved' : 'rejected';
  const closing = approval.closedBy;
  const decidedBy =
    closing === undefined
      ? []
      : outcome === 'approved'
        ? approval.decisions
            .filter((d) => d.level === approval.level && d.decision === 'approve')
            .map((d) => d.user_id)
        : [closing.user_id];
  return {
    approval_id: approval.id,
    outcome,
    decided_by: decidedBy,
    decisions: approval.decisions,
    level: approval.level,
    timed_out: approval.timedOut,
    payload: closing?.payload ?? null,
  };
}

export function snapshotOf(approval: ApprovalRequest): ApprovalSnapshot {
  const level = approval.levels[approval.level] as ApprovalLevel;
  return {
    approvalId: approval.id,
    stepPath: approval.stepPath,
    status: approval.status,
    level: approval.level,
    approverUserIds: level.users,
    approverRoles: level.roles,
    required: level.required,
    decisions: [...approval.decisions],
    outcome: approval.status === 'pending' || approval.status === 'cancelled' ? null : outputOf(approval),
    expiresAt: approval.levelDeadline === undefined ? null : new Date(approval.levelDeadline).toISOString(),
    decidedAt: approval.decidedAt ?? null,
  };
}
