import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agents } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';
import type { AgentRow } from './agent-resource.js';

/**
 * The organization's live (not deleted) agent `id`, or 404: another organization's agent answers
 * the same. `forUpdate` locks it so edits, rotations and deletes of one agent queue up.
 */
export async function findAgent(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AgentRow> {
  const query = db
    .select()
    .from(agents)
    .where(inOrg(agents, orgId, eq(agents.id, id), isNull(agents.deletedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Agent');
  return row;
}
