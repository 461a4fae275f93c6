import { ApplicationFailure, sleep } from '@temporalio/workflow';
import { z } from 'zod';
import { DURATION_PATTERN, durationMs } from '../../definition/durations.js';
import { defineStepType } from '../step-type.js';

/** A durable Temporal timer: the run sleeps without a worker holding anything, and survives restarts. */
export default defineStepType({
  type: 'delay',
  description:
    'Wait for a duration (`30s`, `5m`, `2h`, `1d`; a {{ template }} may compute it, also as milliseconds). Output: { slept_ms }.',
  config: z.strictObject({
    duration: z
      .string()
      .min(1)
      .max(1000)
      .refine(
        (text) => DURATION_PATTERN.test(text) || text.includes('{{'),
        'expected a duration like 500ms, 30s, 5m, 2h or 1d, or a {{ template }}',
      ),
  }),
  async run(ctx, step) {
    const rendered = await ctx.render(step.config.duration);
    const ms =
      typeof rendered === 'string' && DURATION_PATTERN.test(rendered)
        ? durationMs(rendered)
        : typeof rendered === 'number' && Number.isFinite(rendered) && rendered >= 0
          ? Math.round(rendered)
          : undefined;
    if (ms === undefined) {
      throw ApplicationFailure.nonRetryable(
        `Invalid duration: ${JSON.stringify(rendered)}`,
        'INVALID_DURATION',
      );
    }
    if (ms > 0) await sleep(ms);
    return { slept_ms: ms };
  },
});
