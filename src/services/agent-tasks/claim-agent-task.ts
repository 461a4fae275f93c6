import { asc, count, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { agents, agentTasks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { unauthorized } from '../../lib/errors.js';
import { type RobotContext, requireRobot } from '../context.js';
import { keepQueueAlive } from './keep-queue-alive.js';
import { settleDeadTask } from './settle-task.js';
import { openTaskAttempt } from './task-attempt.js';
import { type AgentTaskRow, type ClaimedTask, toClaimedTask } from './task-resource.js';
import { heartbeatAttempt } from './temporal-attempt.js';

export const MAX_WAIT_SECONDS = 20;
const POLL_INTERVAL_MS = 200;
/** Dead tasks skipped in one claim before answering "nothing": each costs a Temporal call. */
const MAX_SKIPS = 10;

export interface ClaimInput {
  /** Long-poll: how long to wait for a task when none is pending (0 answers at once). */
  waitSeconds: number;
  /** Only these task types (the handlers the robot has); all types when left out. */
  taskTypes?: string[];
}

/**
 * Hands the robot the oldest pending task of its organization that it may take: every label and
 * capability the task requires is one the robot has, and the robot holds fewer tasks than its
 * `max_concurrency`. Concurrent claims never get the same task (row locks with SKIP LOCKED).
 * Waits up to `waitSeconds`, polling, when nothing matches. Null when nothing came.
 */
export async function claimAgentTask(
  ctx: RobotContext,
  input: ClaimInput,
  signal?: AbortSignal,
): Promise<ClaimedTask | null> {
  const { masterKey } = ctx.secrets;
  const { robot } = requireRobot(ctx);
  const deadline = Date.now() + Math.min(input.waitSeconds, MAX_WAIT_SECONDS) * 1000;
  for (;;) {
    keepQueueAlive({ db: ctx.db, temporal: ctx.temporal, masterKey }, robot.orgId);
    const task = await claimLiveTask(ctx, masterKey, input.taskTypes);
    if (task) return task;
    if (signal?.aborted || Date.now() + POLL_INTERVAL_MS > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/**
 * Claims, then heartbeats the attempt at once: the robot gets a whole heartbeat timeout before
 * its first heartbeat is due, and a task whose run was cancelled meanwhile is closed and skipped
 * instead of handed out.
 */
async function claimLiveTask(
  ctx: RobotContext,
  masterKey: Buffer,
  taskTypes: string[] | undefined,
): Promise<ClaimedTask | null> {
  for (let skipped = 0; skipped < MAX_SKIPS; skipped++) {
    const row = await takeOldestMatching(ctx, taskTypes);
    if (!row) return null;
    const attempt = openTaskAttempt(masterKey, row.id, row.taskTokenCiphertext);
    const state = await heartbeatAttempt(ctx.temporal, attempt.token);
    if (state === 'alive') return toClaimedTask(row, attempt);
    await settleDeadTask(ctx.db, ctx.temporal, row, state, attempt.token);
  }
  return null;
}

async function takeOldestMatching(
  ctx: RobotContext,
  taskTypes: string[] | undefined,
): Promise<AgentTaskRow | null> {
  const { robot } = ctx;
  return ctx.db.transaction(async (tx) => {
    // Locking the robot's row makes its own concurrent claims take turns, so the capacity check
    // below cannot be passed by two of them at once.
    const [agent] = await tx
      .select()
      .from(agents)
      .where(inOrg(agents, robot.orgId, eq(agents.id, robot.id), isNull(agents.deletedAt)))
      .for('update');
    if (!agent) throw unauthorized('This robot no longer exists');
    const [held] = await tx
      .select({ n: count() })
      .from(agentTasks)
      .where(
        inOrg(agentTasks, robot.orgId, eq(agentTasks.agentId, robot.id), eq(agentTasks.status, 'claimed')),
      );
    if ((held?.n ?? 0) >= agent.maxConcurrency) return null;

    const conditions: SQL[] = [
      eq(agentTasks.status, 'pending'),
      sql`${agentTasks.requiredLabels} <@ ${JSON.stringify(agent.labels)}::jsonb`,
      sql`${agentTasks.requiredCapabilities} <@ ${JSON.stringify(agent.capabilities)}::jsonb`,
    ];
    if (taskTypes?.length) conditions.push(inArray(agentTasks.taskType, taskTypes));
    const oldest = tx
      .select({ id: agentTasks.id })
      .from(agentTasks)
      .where(inOrg(agentTasks, robot.orgId, ...conditions))
      .orderBy(asc(agentTasks.createdAt), asc(agentTasks.id))
      .limit(1)
      .for('update', { skipLocked: true });
    const now = new Date();
    // `id = (subquery)`, never `id IN (subquery)`: a scalar subquery runs once, while IN may be
    // planned as a join that rescans it, and each rescan with SKIP LOCKED takes another row.
    const claimed = await tx
      .update(agentTasks)
      .set({ status: 'claimed', agentId: robot.id, claimedAt: now, lastHeartbeatAt: now, updatedAt: now })
      .where(
        inOrg(agentTasks, robot.orgId, eq(agentTasks.id, sql`(${oldest})`), eq(agentTasks.status, 'pending')),
      )
      .returning();
    if (claimed.length > 1) throw new Error(`one claim took ${claimed.length} tasks`);
    return claimed[0] ?? null;
  });
}
