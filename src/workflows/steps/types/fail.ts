import { ApplicationFailure } from '@temporalio/workflow';
import { z } from 'zod';
import { defineStepType } from '../step-type.js';

/** Fails on purpose with a code of the author's choosing; the step's `on_error` still applies. */
export default defineStepType({
  type: 'fail',
  description: 'Fail with `code` (default FAILED) and a `message` (templates allowed).',
  config: z.strictObject({
    code: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, 'codes are letters, digits, _ . and -')
      .default('FAILED'),
    message: z.string().min(1).max(10_000),
  }),
  async run(ctx, step) {
    const message = await ctx.render(step.config.message);
    throw ApplicationFailure.nonRetryable(
      typeof message === 'string' ? message : JSON.stringify(message),
      // Nested steps are stored without schema defaults.
      step.config.code ?? 'FAILED',
    );
  },
});
