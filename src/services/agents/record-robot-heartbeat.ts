import { eq } from 'drizzle-orm';
import { agents, agentTasks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError, notFound } from '../../lib/errors.js';
import { keepQueueAlive } from '../agent-tasks/keep-queue-alive.js';
import { settleDeadTask } from '../agent-tasks/settle-task.js';
import { heartbeatIntervalSeconds, openTaskAttempt } from '../agent-tasks/task-attempt.js';
import type { AgentTaskRow } from '../agent-tasks/task-resource.js';
import { finishAttempt, heartbeatAttempt } from '../agent-tasks/temporal-attempt.js';
import { type RobotContext, requireRobot } from '../context.js';

/** A held task the robot leaves out of `task_ids` for this long is taken as lost and handed back. */
const LOST_AFTER_MS = 15_000;

export interface RobotHeartbeat {
  status?: string;
  version?: string;
  host?: Record<string, unknown>;
  current_load?: number;
  /** The tasks the robot is working on. Left out: every task it holds counts as in hand. */
  task_ids?: string[];
}

export interface HeartbeatAnswer {
  agent_id: string;
  status: 'online';
  /** Tasks to stop at once: cancelled with their run, timed out, or not this robot's. */
  cancel_task_ids: string[];
  /** Heartbeat at least this often for the tasks in hand (null: no task asks for it). */
  heartbeat_interval_seconds: number | null;
  server_time: string;
}

/**
 * A robot says it is alive: its facts are recorded (presence derives from the time), and each
 * task it names is heartbeated in Temporal, which is how the task's run learns the robot still
 * works on it and how the robot learns that a run was cancelled. A task it holds but no longer
 * names (it restarted, say) is failed as retryable so that another robot gets a new attempt.
 */
export async function recordRobotHeartbeat(
  ctx: RobotContext,
  agentId: string,
  beat: RobotHeartbeat,
): Promise<HeartbeatAnswer> {
  const { masterKey } = ctx.secrets;
  const { robot } = requireRobot(ctx);
  if (agentId !== robot.id) {
    const [other] = await ctx.db
      .select({ id: agents.id })
      .from(agents)
      .where(inOrg(agents, robot.orgId, eq(agents.id, agentId)));
    if (!other) throw notFound('Agent');
    throw new ApiError('not_this_robot', 'A robot may only send its own heartbeat');
  }
  const now = new Date();
  await ctx.db
    .update(agents)
    .set({
      lastHeartbeatAt: now,
      ...(beat.status === undefined ? {} : { reportedStatus: beat.status }),
      ...(beat.version === undefined ? {} : { version: beat.version }),
      ...(beat.host === undefined ? {} : { host: beat.host }),
      ...(beat.current_load === undefined ? {} : { currentLoad: beat.current_load }),
    })
    .where(inOrg(agents, robot.orgId, eq(agents.id, robot.id)));

  const held = await ctx.db
    .select()
    .from(agentTasks)
    .where(
      inOrg(agentTasks, robot.orgId, eq(agentTasks.agentId, robot.id), eq(agentTasks.status, 'claimed')),
    );
  const named = new Set(beat.task_ids ?? held.map((row) => row.id));
  const cancel: string[] = [];
  let interval: number | null = null;
  for (const row of held) {
    const attempt = openTaskAttempt(masterKey, row.id, row.taskTokenCiphertext);
    if (!named.has(row.id)) {
      if (now.getTime() - (row.claimedAt ?? row.createdAt).getTime() > LOST_AFTER_MS) {
        await handBack(ctx, row, attempt.token);
      }
      continue;
    }
    const state = await heartbeatAttempt(ctx.temporal, attempt.token);
    if (state === 'alive') {
      await ctx.db
        .update(agentTasks)
        .set({ lastHeartbeatAt: new Date() })
        .where(inOrg(agentTasks, robot.orgId, eq(agentTasks.id, row.id)));
      const every = heartbeatIntervalSeconds(attempt);
      if (every !== null) interval = Math.min(interval ?? every, every);
    } else {
      await settleDeadTask(ctx.db, ctx.temporal, row, state, attempt.token);
      cancel.push(row.id);
    }
  }
  const heldIds = new Set(held.map((row) => row.id));
  for (const id of named) if (!heldIds.has(id)) cancel.push(id);

  keepQueueAlive({ db: ctx.db, temporal: ctx.temporal, masterKey }, robot.orgId);
  return {
    agent_id: robot.id,
    status: 'online',
    cancel_task_ids: cancel,
    heartbeat_interval_seconds: interval,
    server_time: now.toISOString(),
  };
}

/** Fails a lost task as retryable: the step's retry policy then queues a new attempt for anyone. */
async function handBack(ctx: RobotContext, row: AgentTaskRow, token: Uint8Array): Promise<void> {
  const accepted = await finishAttempt(ctx.temporal, token, {
    status: 'failure',
    code: 'ROBOT_LOST_TASK',
    message: `Robot ${ctx.robot.name} no longer reports working on this task`,
    retryable: true,
    attempt: row.attempt,
  });
  if (!accepted) {
    await settleDeadTask(ctx.db, ctx.temporal, row, 'gone', token);
    return;
  }
  const now = new Date();
  await ctx.db
    .update(agentTasks)
    .set({
      status: 'failed',
      error: { code: 'ROBOT_LOST_TASK', message: 'The robot no longer reported the task', retryable: true },
      finishedAt: now,
      updatedAt: now,
    })
    .where(inOrg(agentTasks, row.orgId, eq(agentTasks.id, row.id), eq(agentTasks.status, 'claimed')));
}
