import type { Db } from '../../db/client.js';
import { auditLogs } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import type { ServiceContext } from '../context.js';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Writes one audit row. Call it with the transaction that makes the change, so the change and
 * its audit row commit together or not at all.
 */
export async function recordAudit(
  tx: Db,
  ctx: Pick<ServiceContext, 'orgId' | 'actor' | 'requestId' | 'ip'>,
  entry: AuditEntry,
): Promise<void> {
  await tx.insert(auditLogs).values({
    id: newId('aud'),
    orgId: ctx.orgId,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
    details: entry.details ?? {},
  });
}
