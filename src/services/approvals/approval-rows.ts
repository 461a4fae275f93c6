import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { approvals } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { ApprovalSnapshot } from '../../workflows/messages.js';
import { publishApprovalEvents } from './approval-events.js';

export type ApprovalRow = typeof approvals.$inferSelect;

export interface NewApprovalRow {
  orgId: string;
  executionId: string;
  workflowId: string;
  snapshot: ApprovalSnapshot;
  message: string;
  requestedBy: string | null;
  allowSelfApproval: boolean;
  form: Record<string, unknown> | null;
}

/** A goto loop or a continued run may open the same step path again: each pass gets `path#n`. */
const MAX_PASSES = 10_000;

/**
 * Inserts the request's row under the id the workflow chose. A retried attempt finds its row by
 * that id; a later pass of the same step (the row for its path is taken) is stored as `path#2`, …
 * The first insert publishes the `approval.requested` notification.
 */
export async function insertApprovalRow(
  db: Db,
  request: NewApprovalRow,
): Promise<{ row: ApprovalRow; created: boolean }> {
  const { snapshot } = request;
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const mine = await findRow(db, request.orgId, snapshot.approvalId);
    if (mine) return { row: mine, created: false };
    const [inserted] = await db
      .insert(approvals)
      .values({
        id: snapshot.approvalId,
        orgId: request.orgId,
        executionId: request.executionId,
        workflowId: request.workflowId,
        stepPath: pass === 1 ? snapshot.stepPath : `${snapshot.stepPath}#${pass}`,
        status: snapshot.status,
        message: request.message,
        level: snapshot.level,
        approverUserIds: snapshot.approverUserIds,
        approverRoles: snapshot.approverRoles,
        requiredApprovals: snapshot.required,
        allowSelfApproval: request.allowSelfApproval ? 'yes' : 'no',
        requestedBy: request.requestedBy,
        form: request.form,
        decisions: snapshot.decisions,
        outcome: snapshot.outcome as Record<string, unknown> | null,
        expiresAt: snapshot.expiresAt ? new Date(snapshot.expiresAt) : null,
        decidedAt: snapshot.decidedAt ? new Date(snapshot.decidedAt) : null,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted) {
      await publishApprovalEvents(db, undefined, inserted);
      return { row: inserted, created: true };
    }
  }
  throw new Error(`No free step path for approval ${snapshot.approvalId}`);
}

/**
 * Writes the workflow's state of a request into its row, unless the row already holds this state
 * or a later one: the API (after a decision) and the workflow's activity (after each change) both
 * write it, in either order. Later means more decisions, a higher level, or closed; a closed row
 * is final. Publishes the change's notification with it. Returns the row before and after, or
 * undefined when nothing changed.
 */
export async function applyApprovalState(
  tx: Db,
  orgId: string,
  snapshot: ApprovalSnapshot,
): Promise<{ previous: ApprovalRow; row: ApprovalRow } | undefined> {
  const [previous] = await tx
    .select()
    .from(approvals)
    .where(inOrg(approvals, orgId, eq(approvals.id, snapshot.approvalId)))
    .for('update');
  if (!previous || !isLater(snapshot, previous)) return undefined;
  const [row] = await tx
    .update(approvals)
    .set({
      status: snapshot.status,
      level: snapshot.level,
      approverUserIds: snapshot.approverUserIds,
      approverRoles: snapshot.approverRoles,
      requiredApprovals: snapshot.required,
      decisions: snapshot.decisions,
      outcome: snapshot.outcome as Record<string, unknown> | null,
      expiresAt: snapshot.expiresAt ? new Date(snapshot.expiresAt) : null,
      decidedAt: snapshot.decidedAt ? new Date(snapshot.decidedAt) : null,
      updatedAt: new Date(),
    })
    .where(inOrg(approvals, orgId, eq(approvals.id, snapshot.approvalId)))
    .returning();
  if (!row) return undefined;
  await publishApprovalEvents(tx, previous, row);
  return { previous, row };
}

// Every change the workflow makes adds a decision, moves up a level, or closes the request, so
// this order follows the workflow's own.
function isLater(snapshot: ApprovalSnapshot, row: ApprovalRow): boolean {
  if (row.status !== 'pending') return false;
  const incoming = [snapshot.decisions.length, snapshot.level, snapshot.status === 'pending' ? 0 : 1];
  const stored = [row.decisions.length, row.level, 0];
  for (const [index, value] of incoming.entries()) {
    const other = stored[index] as number;
    if (value !== other) return value > other;
  }
  return false;
}

async function findRow(db: Db, orgId: string, id: string): Promise<ApprovalRow | undefined> {
  const [row] = await db
    .select()
    .from(approvals)
    .where(inOrg(approvals, orgId, eq(approvals.id, id)));
  return row;
}
