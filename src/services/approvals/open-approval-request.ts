import type { Db } from '../../db/client.js';
import { type ApprovalRow, insertApprovalRow, type NewApprovalRow } from './approval-rows.js';

/**
 * Writes the row of an approval step's request (once, whatever the retries) and notifies its
 * approvers, in one transaction so a row never exists without its notification.
 */
export async function openApprovalRequest(db: Db, request: NewApprovalRow): Promise<ApprovalRow> {
  const { row } = await db.transaction((tx) => insertApprovalRow(tx, request));
  return row;
}
