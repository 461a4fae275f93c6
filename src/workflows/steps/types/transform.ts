import { z } from 'zod';
import { ExpressionSchema } from '../expression-schema.js';
import { defineStepType } from '../step-type.js';

/** Computes a value from the run's data, inside the workflow: no activity, no history event. */
export default defineStepType({
  type: 'transform',
  description:
    'Compute a value with JSONata (`expression`) or render a template (`value`); the result is the step output.',
  config: z.union([z.strictObject({ expression: ExpressionSchema }), z.strictObject({ value: z.unknown() })]),
  async run(ctx, step) {
    const config = step.config;
    return 'expression' in config ? ctx.evaluate(config.expression) : ctx.render(config.value);
  },
});
