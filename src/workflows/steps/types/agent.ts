import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  TimeoutFailure,
} from '@temporalio/workflow';
import { z } from 'zod';
import type { AgentTaskActivities } from '../../../activities/agent-tasks.js';
import { durationMs } from '../../definition/durations.js';
import { DurationSchema } from '../../definition/schema.js';
import { defineStepType } from '../step-type.js';

// The task itself is proxied per call (its timeouts come from the step); this is the clean-up.
const acts = proxyActivities<AgentTaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const DEFAULT_TIMEOUT = '1h';
const DEFAULT_HEARTBEAT_TIMEOUT = '60s';
/** Robots heartbeat at a third of this; the queue keep-alive runs about once a second. */
const MIN_HEARTBEAT_TIMEOUT_MS = 3000;

const Tags = z.array(z.string().min(1).max(100)).max(50);

/**
 * Work for an RPA robot. The step's activity queues an agent task and completes asynchronously:
 * a robot claims the task through the API, heartbeats while it works, and reports a result,
 * which the API hands to Temporal as the activity's completion or failure. A robot that stops
 * heartbeating lets `heartbeat_timeout` pass; Temporal then retries the step (a new task, for
 * any robot) within the step's retry policy. Cancelling the run cancels the task without waiting
 * for the robot (TRY_CANCEL), which learns it at its next heartbeat.
 */
export default defineStepType({
  type: 'agent',
  description:
    'Hand a task to an RPA robot: `task_type` and `payload` (templates allowed) go to the oldest-waiting robot having every one of `labels` and `capabilities`. ' +
    '`timeout` (default 1h) bounds each attempt, queue time included; `heartbeat_timeout` (default 60s, at least 3s) is how long a robot holding it (or, while queued, the whole fleet) may go silent before the attempt is retried. ' +
    "Output: the robot's output. A robot's failure fails the step with its error code (retried when the robot says it may be).",
  config: z.strictObject({
    task_type: z.string().min(1).max(200),
    payload: z.unknown().optional(),
    labels: Tags.optional(),
    capabilities: Tags.optional(),
    timeout: DurationSchema.optional(),
    heartbeat_timeout: DurationSchema.refine(
      (value) => durationMs(value) >= MIN_HEARTBEAT_TIMEOUT_MS,
      'at least 3s: robots heartbeat at a third of it',
    ).optional(),
  }),
  async run(ctx, step) {
    const { config } = step;
    const rendered = await ctx.render<{
      task_type: unknown;
      payload: unknown;
      labels: unknown;
      capabilities: unknown;
    }>({
      task_type: config.task_type,
      payload: config.payload ?? null,
      labels: config.labels ?? [],
      capabilities: config.capabilities ?? [],
    });
    if (typeof rendered.task_type !== 'string' || rendered.task_type === '') {
      throw ApplicationFailure.nonRetryable(
        'agent task_type must render to a non-empty string',
        'INPUT_INVALID',
      );
    }
    const request = {
      orgId: ctx.execution.orgId,
      executionId: ctx.execution.executionId,
      stepPath: ctx.path,
      taskType: rendered.task_type,
      payload: rendered.payload,
      labels: tagsOf(rendered.labels),
      capabilities: tagsOf(rendered.capabilities),
    };
    ctx.log('info', `Queued ${request.taskType} for a robot`, {
      labels: request.labels,
      capabilities: request.capabilities,
    });
    try {
      const done = await acts.dispatchAgentTask.executeWithOptions(
        {
          ...ctx.activityOptions(),
          startToCloseTimeout: config.timeout ?? step.timeout ?? DEFAULT_TIMEOUT,
          heartbeatTimeout: config.heartbeat_timeout ?? DEFAULT_HEARTBEAT_TIMEOUT,
          // The run must not wait for a robot to acknowledge: it may be dead, or never look again.
          cancellationType: 'TRY_CANCEL',
        },
        [request],
      );
      ctx.reportAttempts(done.attempt);
      ctx.log('info', `Robot ${done.agent_id} completed ${request.taskType}`, { agent_id: done.agent_id });
      return done.output;
    } catch (error) {
      const status = isCancellation(error) ? 'cancelled' : timedOut(error) ? 'timed_out' : undefined;
      if (status) {
        await CancellationScope.nonCancellable(() =>
          acts.closeAgentTasks({
            orgId: request.orgId,
            executionId: request.executionId,
            stepPath: request.stepPath,
            status,
          }),
        );
      }
      throw error;
    }
  },
});

function timedOut(error: unknown): boolean {
  return error instanceof ActivityFailure && error.cause instanceof TimeoutFailure;
}

/** A rendered label list: each entry may be a template yielding one label or a list of them. */
function tagsOf(value: unknown): string[] {
  return [...new Set([value].flat(2).filter((tag): tag is string => typeof tag === 'string' && tag !== ''))];
}
