import type { Db } from '../../db/client.js';
import { type LiveEvent, publishEvents } from '../events/publish.js';
import type { ApprovalRow } from './approval-rows.js';
import { memberIdsOfRoles } from './approver-roles.js';

/**
 * `notification` live events about a request: `approval.requested` when it opens,
 * `approval.escalated` when a new level takes over, `approval.decided` when it closes. Published
 * with the transaction that changed the row (NOTIFY is delivered on commit), by whichever writer
 * (the API or the workflow's activity) made the change.
 */
export async function publishApprovalEvents(db: Db, previous: ApprovalRow | undefined, row: ApprovalRow) {
  const base = {
    approval_id: row.id,
    execution_id: row.executionId,
    workflow_id: row.workflowId,
    level: row.level,
  };
  const waiting = async (kind: string) => ({
    kind,
    ...base,
    message: row.message,
    approver_user_ids: await approverIds(db, row),
    approver_roles: row.approverRoles,
    expires_at: row.expiresAt?.toISOString() ?? null,
  });
  let data: Record<string, unknown> | undefined;
  if (!previous) data = await waiting('approval.requested');
  else if (row.status !== 'pending' && previous.status === 'pending') {
    data = { kind: 'approval.decided', ...base, status: row.status, outcome: row.outcome?.outcome ?? null };
  } else if (row.level > previous.level) data = await waiting('approval.escalated');
  if (!data) return;
  const event: LiveEvent = { type: 'notification', orgId: row.orgId, data };
  await publishEvents(db, [event]);
}

/** Listed users plus the current members of the listed roles: who the notification is for. */
async function approverIds(db: Db, row: ApprovalRow): Promise<string[]> {
  const members = await memberIdsOfRoles(db, row.orgId, row.approverRoles);
  return [...new Set([...row.approverUserIds, ...members])];
}
