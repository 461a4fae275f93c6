import { and, eq, inArray } from 'drizzle-orm';
import { agentTasks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { conflict, notFound } from '../../lib/errors.js';
import { type RobotContext, requireRobot } from '../context.js';
import { settleDeadTask } from './settle-task.js';
import { openTaskAttempt } from './task-attempt.js';
import { type AttemptOutcome, finishAttempt } from './temporal-attempt.js';

export type AgentTaskResult =
  | { status: 'success'; output?: unknown }
  | { status: 'failure'; error: { code: string; message: string }; retryable?: boolean };

/** What the `agent` step receives when a robot succeeds: the output, and who did it on which attempt. */
export interface AgentTaskCompletion {
  output: unknown;
  attempt: number;
  agent_id: string;
}

/**
 * A robot reports how its task ended, and the API completes or fails the Temporal activity with
 * it (a retryable failure lets the step's retry policy queue a new attempt). Only the robot that
 * holds the task may report, and only while its attempt lives: otherwise 409, and nothing about
 * the run changes. An attempt Temporal no longer knows (timed out and retried, or its run ended)
 * is closed here so the robot stops counting it.
 */
export async function submitAgentTaskResult(
  ctx: RobotContext,
  taskId: string,
  result: AgentTaskResult,
): Promise<{ id: string; status: 'completed' | 'failed' }> {
  const { robot } = requireRobot(ctx);
  const [row] = await ctx.db
    .select()
    .from(agentTasks)
    .where(inOrg(agentTasks, robot.orgId, eq(agentTasks.id, taskId)));
  if (!row) throw notFound('Agent task');
  if (row.agentId !== robot.id) throw conflict('task_not_held', 'This robot does not hold that task');
  if (row.status !== 'claimed')
    throw conflict('task_not_held', `The task is ${row.status}; its result is not needed`);

  const attempt = openTaskAttempt(ctx.secrets.masterKey, row.id, row.taskTokenCiphertext);
  const outcome: AttemptOutcome =
    result.status === 'success'
      ? {
          status: 'success',
          value: {
            output: result.output ?? null,
            attempt: row.attempt,
            agent_id: robot.id,
          } satisfies AgentTaskCompletion,
        }
      : {
          status: 'failure',
          code: result.error.code,
          message: result.error.message,
          retryable: result.retryable ?? false,
          attempt: row.attempt,
        };
  if (!(await finishAttempt(ctx.temporal, attempt.token, outcome))) {
    await settleDeadTask(ctx.db, ctx.temporal, row, 'gone', attempt.token);
    throw conflict(
      'attempt_ended',
      'The task attempt has ended (timed out, retried or cancelled); the result was not used',
    );
  }

  const status = result.status === 'success' ? 'completed' : 'failed';
  const now = new Date();
  // Temporal accepted the result, so it stands even if a concurrent call closed the row meanwhile.
  await ctx.db
    .update(agentTasks)
    .set({
      status,
      result: result.status === 'success' ? (result.output ?? null) : null,
      error: result.status === 'failure' ? { ...result.error, retryable: result.retryable ?? false } : null,
      finishedAt: now,
      updatedAt: now,
    })
    .where(
      and(
        inOrg(agentTasks, robot.orgId, eq(agentTasks.id, row.id)),
        eq(agentTasks.agentId, robot.id),
        inArray(agentTasks.status, ['claimed', 'timed_out']),
      ),
    );
  return { id: row.id, status };
}
