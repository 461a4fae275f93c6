import type { NewApprovalRow } from '../services/approvals/approval-rows.js';
import { openApprovalRequest } from '../services/approvals/open-approval-request.js';
import { recordApprovalState } from '../services/approvals/record-approval-state.js';
import type { Platform } from '../services/context.js';
import { findRunStarter } from '../services/executions/find-run-starter.js';
import { fireEventTriggers } from '../services/triggers/fire-event-triggers.js';
import type { ApprovalSnapshot } from '../workflows/messages.js';

export type OpenApprovalRequest = NewApprovalRow;

export interface ApprovalStateRecord {
  orgId: string;
  executionId: string;
  /** The run's workflow: event triggers listen for approvals decided in its runs. */
  workflowId?: string;
  snapshot: ApprovalSnapshot;
}

export interface ApprovalActivities {
  /** The user who started the run (`executions.started_by`): they may not approve their own run. */
  findRunStarter(request: { orgId: string; executionId: string }): Promise<string | null>;
  /** Writes the request's row (once, whatever the retries) and notifies its approvers. */
  openApprovalRequest(request: OpenApprovalRequest): Promise<{ stepPath: string }>;
  /**
   * Mirrors the workflow's state of a request into its row (an older state never overwrites a
   * newer one) and, once it is approved or rejected, fires the `approval.decided` event triggers.
   */
  recordApprovalState(record: ApprovalStateRecord): Promise<void>;
}

/** The database side of the `approval` step. Every activity here is idempotent. */
export function createApprovalActivities({ platform }: { platform: Platform }): ApprovalActivities {
  return {
    findRunStarter(request) {
      return findRunStarter(platform.db, request);
    },

    async openApprovalRequest(request) {
      const row = await openApprovalRequest(platform.db, request);
      return { stepPath: row.stepPath };
    },

    async recordApprovalState({ orgId, executionId, workflowId, snapshot }) {
      await recordApprovalState(platform.db, { orgId, snapshot });
      // The API may already have written this state (it answers the approver synchronously), so
      // the triggers fire on the state itself, not on a change of the row; their idempotency keys
      // make a retried or repeated report start nothing twice.
      const decided = snapshot.status === 'approved' || snapshot.status === 'rejected';
      if (!decided || !workflowId) return;
      await fireEventTriggers(platform, {
        orgId,
        kind: 'approval.decided',
        workflowId,
        executionId,
        data: {
          approval_id: snapshot.approvalId,
          step: snapshot.stepPath,
          status: snapshot.status,
          outcome: snapshot.outcome?.outcome ?? null,
          decisions: snapshot.decisions,
        },
      });
    },
  };
}
