import { z } from 'zod';
import { StepListSchema } from '../../definition/schema.js';
import type { StepDefinition } from '../../definition/types.js';
import { deepEqual } from '../deep-equal.js';
import { ExpressionSchema } from '../expression-schema.js';
import { defineStepType } from '../step-type.js';

/** Multi-way branch on a value: the first case whose `equals` matches it (deep equality) runs. */
export default defineStepType({
  type: 'switch',
  description:
    'Evaluate `value` and run the steps of the first case whose `equals` deep-equals it, else `default`. Output: { case: index|"default"|null, value, output }.',
  config: z.strictObject({
    value: ExpressionSchema,
    cases: z
      .array(z.strictObject({ equals: z.unknown(), steps: StepListSchema }))
      .min(1)
      .max(100),
    default: StepListSchema.optional(),
  }),
  children: (config) =>
    [...config.cases.map((c) => c.steps), ...(config.default ? [config.default] : [])] as StepDefinition[][],
  async run(ctx, step) {
    const { config } = step;
    const value = await ctx.evaluate(config.value);
    // `equals` is a literal from the definition; JSON round-trip makes `undefined` (absent) match null.
    const index = config.cases.findIndex((c) => deepEqual(c.equals ?? null, value));
    const chosen = index >= 0 ? config.cases[index]?.steps : config.default;
    const label = index >= 0 ? index : chosen ? 'default' : null;
    if (!chosen || label === null) return { case: null, value, output: null };
    const output = await ctx.runSteps(chosen as StepDefinition[], { label: String(label) });
    return { case: label, value, output };
  },
});
