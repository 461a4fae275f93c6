import { ApplicationFailure, sleep } from '@temporalio/workflow';
import { z } from 'zod';
import { expressionProblem } from '../expression-schema.js';
import { defineStepType } from '../step-type.js';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Sleeps until a moment on a durable timer; a moment already past does not wait at all (and adds
 * no timer to the history). "Now" is the workflow's clock, so the decision replays identically.
 */
export default defineStepType({
  type: 'wait_until',
  description:
    'Wait until a moment: an ISO 8601 timestamp, a {{ template }} yielding one, or a JSONata expression yielding a timestamp or epoch milliseconds. Output: { until }.',
  config: z.strictObject({
    until: z
      .string()
      .min(1)
      .max(10_000)
      .superRefine((text, ctx) => {
        // Templates are checked by the definition validator; a bare expression is checked here.
        if (text.includes('{{') || ISO_TIMESTAMP.test(text.trim())) return;
        const problem = expressionProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  }),
  async run(ctx, step) {
    const text = step.config.until.trim();
    const value = text.includes('{{')
      ? await ctx.render(text)
      : ISO_TIMESTAMP.test(text)
        ? text
        : await ctx.evaluate(text);
    const at = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (!Number.isFinite(at)) {
      throw ApplicationFailure.nonRetryable(`Not a timestamp: ${JSON.stringify(value)}`, 'INVALID_TIMESTAMP');
    }
    const waitMs = at - Date.now();
    if (waitMs > 0) await sleep(waitMs);
    return { until: new Date(at).toISOString() };
  },
});
