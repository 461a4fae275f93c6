import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

/**
 * Serializes changes to an organization's event triggers for the caller's transaction, so two
 * concurrent edits cannot each pass the loop check and together close a loop.
 */
export async function lockEventGraph(tx: Db, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`conveyor:event-triggers:${orgId}`}))`);
}
