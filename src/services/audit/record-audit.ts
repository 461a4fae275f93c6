import type { Db } from '../../db/client.js';
import { auditLogs } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import type { ServiceContext } from '../context.js';
import type { AuditAction, AuditResourceType } from './actions.js';

/** One audit row's content: a catalogued action, with the resource type the catalogue gives it. */
export type AuditEntry = {
  [A in AuditAction]: {
    action: A;
    resourceType: AuditResourceType<A>;
    resourceId?: string | null;
    details?: Record<string, unknown>;
  };
}[AuditAction];

type AuditActor = Pick<ServiceContext, 'orgId' | 'actor' | 'requestId' | 'clientRequestId' | 'ip'>;

/** Conveyor itself acting for an organization (a scheduled run, a sub-workflow child): no user, no request. */
export const systemActor = (orgId: string): AuditActor => ({
  orgId,
  actor: { type: 'system', id: null },
  requestId: null,
  clientRequestId: null,
  ip: null,
});

/**
 * Writes one audit row. Call it with the transaction that makes the change, so the change and
 * its audit row commit together or not at all.
 */
export async function recordAudit(tx: Db, ctx: AuditActor, entry: AuditEntry): Promise<void> {
  await auditInsert(tx, ctx, entry);
}

/**
 * The audit row's insert, not yet run: for a hot path that writes the change and its audit row in
 * one statement (`db.$with('audit').as(auditInsert(…))` and `db.with(audit).insert(…)`), which
 * commits both or neither without a transaction's extra round trips.
 */
export function auditInsert(db: Db, ctx: AuditActor, entry: AuditEntry) {
  return db
    .insert(auditLogs)
    .values({
      id: newId('aud'),
      orgId: ctx.orgId,
      actorType: ctx.actor.type,
      actorId: ctx.actor.id,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      requestId: ctx.requestId,
      clientRequestId: ctx.clientRequestId ?? null,
      ip: ctx.ip,
      details: entry.details ?? {},
    })
    .returning({ id: auditLogs.id });
}
