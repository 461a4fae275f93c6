import { requirePermission, type ServiceContext } from '../context.js';
import { type AgentResource, countTasksInHand, presenceOf, toAgentResource } from './agent-resource.js';
import { findAgent } from './find-agent.js';

export async function getAgent(ctx: ServiceContext, id: string): Promise<AgentResource> {
  const presence = presenceOf(ctx);
  requirePermission(ctx, 'agents:read');
  const row = await findAgent(ctx.db, ctx.orgId, id);
  return toAgentResource(row, presence, await countTasksInHand(ctx.db, ctx.orgId, row.id));
}
