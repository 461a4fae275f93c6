import type { Db } from '../../db/client.js';
import type { ApprovalSnapshot } from '../../workflows/messages.js';
import { applyApprovalState } from './approval-rows.js';

/**
 * Mirrors the workflow's state of a request into its row (an older state never overwrites a newer
 * one), in a transaction: the row is read for update, so the API writing a decision at the same
 * time waits instead of being overwritten.
 */
export async function recordApprovalState(
  db: Db,
  state: { orgId: string; snapshot: ApprovalSnapshot },
): Promise<void> {
  await db.transaction((tx) => applyApprovalState(tx, state.orgId, state.snapshot));
}
