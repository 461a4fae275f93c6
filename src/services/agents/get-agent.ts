import { requirePermission, type ServiceContext } from '../context.js';
import { type AgentResource, countTasksInHand, type Presence, toAgentResource } from './agent-resource.js';
import { findAgent } from './find-agent.js';

export async function getAgent(ctx: ServiceContext, presence: Presence, id: string): Promise<AgentResource> {
  requirePermission(ctx, 'agents:read');
  const row = await findAgent(ctx.db, ctx.orgId, id);
  return toAgentResource(row, presence, await countTasksInHand(ctx.db, ctx.orgId, row.id));
}
