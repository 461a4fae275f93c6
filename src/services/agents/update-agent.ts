import { eq } from 'drizzle-orm';
import { agents } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { type AgentResource, countTasksInHand, presenceOf, toAgentResource } from './agent-resource.js';
import { findAgent } from './find-agent.js';
import { type AgentFields, distinct } from './register-agent.js';

/**
 * Changes what users may change about an agent: its name, description, labels, capabilities and
 * concurrency. Fields left out keep their value (PUT sends them all, PATCH some). New labels
 * apply to the robot's next claim; tasks it holds stay with it.
 */
export async function updateAgent(
  ctx: ServiceContext,
  id: string,
  input: Partial<AgentFields>,
): Promise<AgentResource> {
  const presence = presenceOf(ctx);
  requirePermission(ctx, 'agents:write');
  const row = await ctx.db.transaction(async (tx) => {
    await findAgent(tx, ctx.orgId, id, { forUpdate: true });
    const [updated] = await tx
      .update(agents)
      .set({
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.labels === undefined ? {} : { labels: distinct(input.labels) }),
        ...(input.capabilities === undefined ? {} : { capabilities: distinct(input.capabilities) }),
        ...(input.max_concurrency === undefined ? {} : { maxConcurrency: input.max_concurrency }),
        updatedAt: new Date(),
      })
      .where(inOrg(agents, ctx.orgId, eq(agents.id, id)))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: 'agent.update',
      resourceType: 'agent',
      resourceId: id,
      details: { fields: Object.keys(input).sort() },
    });
    return updated;
  });
  return toAgentResource(row, presence, await countTasksInHand(ctx.db, ctx.orgId, id));
}
