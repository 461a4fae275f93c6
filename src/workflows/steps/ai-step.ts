import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { z } from 'zod';
import type { AiActivities } from '../../activities/ai.js';
import { type AiTaskName, aiTaskQueue } from '../ai-messages.js';
import { defineStepType, type StepType } from './step-type.js';

// Per-call options replace this default (executeWithOptions); the SDK wants a proxy to name one.
const acts = proxyActivities<AiActivities>({ startToCloseTimeout: '5 minutes' });

/** A text field of a step's config: literal or a `{{ }}` template, bounded either way. */
export const AiText = (max: number) => z.string().min(1).max(max);
/** A list field: written out, or one template that renders to the list. */
export const AiList = z.union([
  z.array(z.string().min(1).max(100)).min(1).max(50),
  z.string().min(1).max(2000),
]);
/** Any JSON (templates inside strings are rendered). */
export const AiJson = z.unknown().refine((value) => value !== undefined, 'required');

/**
 * An `ai.<task>` step: its config (templates allowed) is rendered, then performed by the same
 * activity as /ai/<task>, on the AI task queue, with the step's retry policy and timeout. The
 * rendered input is checked there against the task type's schema (AI_INPUT_INVALID, not retried).
 * Output: the task's result, with `model` and `usage`.
 */
export function defineAiStep<S extends z.ZodRawShape>(
  task: Exclude<AiTaskName, never>,
  description: string,
  fields: S,
): StepType<unknown> {
  const config = z.strictObject({
    ...fields,
    model: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('A model of the allow-list (GET /ai/status); the default model when omitted'),
  });
  return defineStepType({
    type: `ai.${task}`,
    description: `${description} Output: the result, with \`model\` and \`usage\` (tokens, cost). Runs on the AI task queue; 429, 529 and 5xx are retried by the step's retry policy, after the API's retry-after.`,
    config,
    async run(ctx, step) {
      const { model, ...rest } = step.config as { model?: string } & Record<string, unknown>;
      const input = await ctx.render<Record<string, unknown>>(rest);
      const renderedModel = model === undefined ? null : await ctx.render<unknown>(model);
      const outcome = await acts.performAiTask.executeWithOptions(
        {
          ...ctx.activityOptions(),
          taskQueue: aiTaskQueue(workflowInfo().taskQueue),
          // The activity heartbeats every 2 s while the model writes.
          heartbeatTimeout: '20 seconds',
        },
        [
          {
            orgId: ctx.execution.orgId,
            userId: null,
            executionId: ctx.execution.executionId,
            taskType: task,
            input,
            model: typeof renderedModel === 'string' ? renderedModel : null,
            conversationId: null,
            stream: false,
          },
        ],
      );
      ctx.log('info', `ai.${task} answered by ${outcome.model}`, { usage: outcome.usage });
      return { ...outcome.result, model: outcome.model, usage: outcome.usage };
    },
  }) as StepType<unknown>;
}
