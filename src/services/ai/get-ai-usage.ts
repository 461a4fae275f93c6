import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { aiUsage, users } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { validationFailed } from '../../lib/errors.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { budgetState, monthOf } from './usage.js';

export interface UsageTotals {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  total_tokens: number;
  cost_usd: number;
  avg_latency_ms: number;
}

export interface AiUsageReport {
  from: string;
  to: string;
  budget: { monthly_tokens: number; used_tokens: number; remaining_tokens: number; renews_at: string };
  totals: UsageTotals;
  by_day: (UsageTotals & { day: string })[];
  by_model: (UsageTotals & { model: string })[];
  by_member: (UsageTotals & { user_id: string | null; email: string | null })[];
}

/** The longest range one report covers. */
export const MAX_USAGE_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * The organization's AI usage from `from` to `to` (days, UTC, both included; this month so far by
 * default): totals, by day, by model and by member (calls a workflow's steps made count under no
 * member), with this month's budget.
 */
export async function getAiUsage(
  ctx: ServiceContext,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<AiUsageReport> {
  requirePermission(ctx, 'analytics:read');
  const now = ctx.clock();
  const from = query.from ? new Date(`${query.from}T00:00:00Z`) : monthOf(now).start;
  const to = query.to
    ? new Date(`${query.to}T00:00:00Z`)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const problems = [];
  if (to < from) problems.push({ path: 'query.to', code: 'range', message: '`to` is before `from`' });
  if ((to.getTime() - from.getTime()) / DAY_MS + 1 > MAX_USAGE_DAYS) {
    problems.push({
      path: 'query.from',
      code: 'range',
      message: `at most ${MAX_USAGE_DAYS} days per report`,
    });
  }
  if (problems.length > 0) throw validationFailed('range', problems);
  const end = new Date(to.getTime() + DAY_MS);
  const where = inOrg(aiUsage, ctx.orgId, and(gte(aiUsage.createdAt, from), lt(aiUsage.createdAt, end)));

  const day = sql<string>`to_char(${aiUsage.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const [totalRows, dayRows, modelRows, memberRows, budget] = await Promise.all([
    ctx.db.select(sums()).from(aiUsage).where(where),
    ctx.db
      .select({ day, ...sums() })
      .from(aiUsage)
      .where(where)
      .groupBy(day)
      .orderBy(day),
    ctx.db
      .select({ model: aiUsage.model, ...sums() })
      .from(aiUsage)
      .where(where)
      .groupBy(aiUsage.model)
      .orderBy(aiUsage.model),
    ctx.db
      .select({ user_id: aiUsage.userId, email: users.email, ...sums() })
      .from(aiUsage)
      .leftJoin(users, and(eq(users.id, aiUsage.userId), eq(users.orgId, aiUsage.orgId)))
      .where(where)
      .groupBy(aiUsage.userId, users.email)
      .orderBy(aiUsage.userId)
      // An organization's members; more would be a report of its own.
      .limit(1000),
    budgetState(ctx),
  ]);
  return {
    from: from.toISOString().slice(0, 10),
    to: to.toISOString().slice(0, 10),
    budget: {
      monthly_tokens: budget.budget,
      used_tokens: budget.used,
      remaining_tokens: Math.max(0, budget.budget - budget.used),
      renews_at: budget.renewsAt.toISOString(),
    },
    totals: totalsOf(totalRows[0]),
    by_day: dayRows.map((row) => ({ day: row.day, ...totalsOf(row) })),
    by_model: modelRows.map((row) => ({ model: row.model, ...totalsOf(row) })),
    by_member: memberRows.map((row) => ({ user_id: row.user_id, email: row.email, ...totalsOf(row) })),
  };
}

type Sums = Record<keyof typeof SUM_COLUMNS, SQL<string>>;
const SUM_COLUMNS = {
  calls: sql<string>`count(*)`,
  input_tokens: sql<string>`coalesce(sum(${aiUsage.inputTokens}), 0)`,
  output_tokens: sql<string>`coalesce(sum(${aiUsage.outputTokens}), 0)`,
  cache_creation_input_tokens: sql<string>`coalesce(sum(${aiUsage.cacheCreationInputTokens}), 0)`,
  cache_read_input_tokens: sql<string>`coalesce(sum(${aiUsage.cacheReadInputTokens}), 0)`,
  cost_micro_usd: sql<string>`coalesce(sum(${aiUsage.costMicroUsd}), 0)`,
  latency_ms: sql<string>`coalesce(avg(${aiUsage.latencyMs}), 0)`,
};
const sums = (): Sums => SUM_COLUMNS;

function totalsOf(row: Partial<Record<keyof Sums, string | number>> | undefined): UsageTotals {
  const n = (key: keyof Sums) => Number(row?.[key] ?? 0);
  const input = n('input_tokens');
  const output = n('output_tokens');
  const write = n('cache_creation_input_tokens');
  const read = n('cache_read_input_tokens');
  return {
    calls: n('calls'),
    input_tokens: input,
    output_tokens: output,
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
    total_tokens: input + output + write + read,
    cost_usd: n('cost_micro_usd') / 1_000_000,
    avg_latency_ms: Math.round(n('latency_ms')),
  };
}
