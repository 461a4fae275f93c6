import { agents } from '../../db/schema/index.js';
import { ApiError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { type AgentWithToken, presenceOf, toAgentResource } from './agent-resource.js';
import { issueRobotToken } from './robot-tokens.js';

export interface AgentFields {
  name: string;
  description?: string;
  labels?: string[];
  capabilities?: string[];
  max_concurrency?: number;
}

export interface RegisterAgentInput extends AgentFields {
  kind: 'robot' | 'ai';
}

/**
 * Registers a robot and returns its token, once: only the token's SHA-256 is stored. AI agents
 * share this resource (same table, same routes) but arrive with a later issue.
 */
export async function registerAgent(ctx: ServiceContext, input: RegisterAgentInput): Promise<AgentWithToken> {
  const presence = presenceOf(ctx);
  requirePermission(ctx, 'agents:write');
  if (input.kind !== 'robot') {
    throw new ApiError('not_supported_yet', 'Only robots can be registered so far; AI agents come later');
  }
  const issued = issueRobotToken();
  const id = newId('agt');
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(agents)
      .values({
        id,
        orgId: ctx.orgId,
        kind: 'robot',
        name: input.name,
        description: input.description ?? '',
        labels: distinct(input.labels ?? []),
        capabilities: distinct(input.capabilities ?? []),
        maxConcurrency: input.max_concurrency ?? 1,
        tokenHash: issued.hash,
        tokenPrefix: issued.prefix,
        tokenRotatedAt: new Date(),
        createdBy: ctx.actor.id,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: 'agent.register',
      resourceType: 'agent',
      resourceId: id,
      details: { kind: 'robot', name: input.name },
    });
    return inserted;
  });
  if (!row) throw new Error('insert returned no row');
  return { ...toAgentResource(row, presence), token: issued.token };
}

export function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
