import { eq } from 'drizzle-orm';
import { agents } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { conflict } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { type AgentWithToken, countTasksInHand, presenceOf, toAgentResource } from './agent-resource.js';
import { findAgent } from './find-agent.js';
import { issueRobotToken } from './robot-tokens.js';

/**
 * Issues a robot a new token, returned once. The old one stops working with this commit: robots
 * are looked up by the hash of the token they send, and that hash is replaced, not kept.
 */
export async function rotateAgentToken(ctx: ServiceContext, id: string): Promise<AgentWithToken> {
  const presence = presenceOf(ctx);
  requirePermission(ctx, 'agents:write');
  const issued = issueRobotToken();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findAgent(tx, ctx.orgId, id, { forUpdate: true });
    if (current.kind !== 'robot') throw conflict('not_a_robot', 'Only robots have tokens');
    const now = new Date();
    const [updated] = await tx
      .update(agents)
      .set({ tokenHash: issued.hash, tokenPrefix: issued.prefix, tokenRotatedAt: now, updatedAt: now })
      .where(inOrg(agents, ctx.orgId, eq(agents.id, id)))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: 'agent.rotate_token',
      resourceType: 'agent',
      resourceId: id,
      details: { token_prefix: issued.prefix },
    });
    return updated;
  });
  return {
    ...toAgentResource(row, presence, await countTasksInHand(ctx.db, ctx.orgId, id)),
    token: issued.token,
  };
}
