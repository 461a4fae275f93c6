import { isNull, sql } from 'drizzle-orm';
import { agents, agentTasks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { onlineCutoff, presenceOf } from './agent-resource.js';

/**
 * The fleet at a glance: agents by kind and presence, and what the organization's agent tasks
 * came to. Mean task time runs from claim to result over completed tasks.
 */
export async function agentStats(ctx: ServiceContext) {
  const presence = presenceOf(ctx);
  requirePermission(ctx, 'agents:read');
  const cutoff = onlineCutoff(presence);
  const [fleet, tasks] = await Promise.all([
    ctx.db
      .select({
        total: sql<number>`count(*)::int`,
        robots: sql<number>`count(*) filter (where ${agents.kind} = 'robot')::int`,
        ai: sql<number>`count(*) filter (where ${agents.kind} = 'ai')::int`,
        online: sql<number>`count(*) filter (where ${agents.lastHeartbeatAt} > ${cutoff.toISOString()}::timestamptz)::int`,
      })
      .from(agents)
      .where(inOrg(agents, ctx.orgId, isNull(agents.deletedAt))),
    ctx.db
      .select({
        status: agentTasks.status,
        n: sql<number>`count(*)::int`,
        meanSeconds: sql<
          number | null
        >`avg(extract(epoch from (${agentTasks.finishedAt} - ${agentTasks.claimedAt})))::float8`,
      })
      .from(agentTasks)
      .where(inOrg(agentTasks, ctx.orgId))
      .groupBy(agentTasks.status),
  ]);
  const counts = fleet[0] ?? { total: 0, robots: 0, ai: 0, online: 0 };
  const byStatus = Object.fromEntries(tasks.map((row) => [row.status, row.n]));
  const completed = tasks.find((row) => row.status === 'completed');
  return {
    total: counts.total,
    by_kind: { robot: counts.robots, ai: counts.ai },
    by_status: { online: counts.online, offline: counts.total - counts.online },
    online_now: counts.online,
    tasks: {
      pending: byStatus.pending ?? 0,
      claimed: byStatus.claimed ?? 0,
      completed: byStatus.completed ?? 0,
      failed: byStatus.failed ?? 0,
      cancelled: byStatus.cancelled ?? 0,
      timed_out: byStatus.timed_out ?? 0,
    },
    tasks_done: byStatus.completed ?? 0,
    tasks_failed: byStatus.failed ?? 0,
    mean_task_seconds: completed?.meanSeconds ?? null,
  };
}
