import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';
import type { TriggerRow } from './trigger-resource.js';

/**
 * The live trigger `id` of the organization, or 404 (another organization's trigger answers the
 * same). `forUpdate` locks it for the caller's transaction so toggles, edits and rotations queue up.
 */
export async function findTrigger(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TriggerRow> {
  const query = db
    .select()
    .from(triggers)
    .where(inOrg(triggers, orgId, eq(triggers.id, id), isNull(triggers.deletedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Trigger');
  return row;
}
