import { and, gte, sql } from 'drizzle-orm';
import { aiUsage } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { newId } from '../../lib/ids.js';
import type { AiTaskName } from '../../workflows/ai-messages.js';
import type { ServiceContext } from '../context.js';
import { costMicroUsd, type TokenCounts } from './model-table.js';

export interface UsageRecord {
  callKey: string;
  userId: string | null;
  executionId: string | null;
  runId: string;
  taskType: AiTaskName;
  model: string;
  tokens: TokenCounts;
  latencyMs: number;
}

/** Records one answered call, priced from the model table; recording the same call again does nothing. */
export async function recordAiUsage(ctx: ServiceContext, record: UsageRecord): Promise<number> {
  const cost = costMicroUsd(ctx.config.ai.models.prices[record.model], record.tokens);
  await ctx.db
    .insert(aiUsage)
    .values({
      id: newId('aiu'),
      orgId: ctx.orgId,
      callKey: record.callKey,
      userId: record.userId,
      executionId: record.executionId,
      runId: record.runId,
      taskType: record.taskType,
      model: record.model,
      inputTokens: record.tokens.input_tokens,
      outputTokens: record.tokens.output_tokens,
      cacheCreationInputTokens: record.tokens.cache_creation_input_tokens,
      cacheReadInputTokens: record.tokens.cache_read_input_tokens,
      costMicroUsd: cost,
      latencyMs: record.latencyMs,
      createdAt: ctx.clock(),
    })
    .onConflictDoNothing({ target: aiUsage.callKey });
  return cost;
}

/** The first instant of the calendar month (UTC) `at` falls in, and of the next one. */
export function monthOf(at: Date): { start: Date; next: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const next = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, next };
}

/** Tokens of every kind the organization used this calendar month. */
export async function tokensUsedThisMonth(ctx: ServiceContext): Promise<number> {
  const { start } = monthOf(ctx.clock());
  const [row] = await ctx.db
    .select({
      total: sql<string>`coalesce(sum(${aiUsage.inputTokens} + ${aiUsage.outputTokens} + ${aiUsage.cacheCreationInputTokens} + ${aiUsage.cacheReadInputTokens}), 0)`,
    })
    .from(aiUsage)
    .where(inOrg(aiUsage, ctx.orgId, and(gte(aiUsage.createdAt, start))));
  return Number(row?.total ?? 0);
}

/** Whether the organization has used its monthly budget, and when it renews. */
export async function budgetState(
  ctx: ServiceContext,
): Promise<{ used: number; budget: number; renewsAt: Date }> {
  return {
    used: await tokensUsedThisMonth(ctx),
    budget: ctx.config.ai.monthlyTokenBudget,
    renewsAt: monthOf(ctx.clock()).next,
  };
}
