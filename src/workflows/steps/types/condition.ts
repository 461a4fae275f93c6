import { z } from 'zod';
import { StepListSchema } from '../../definition/schema.js';
import type { StepDefinition } from '../../definition/types.js';
import { ExpressionSchema } from '../expression-schema.js';
import { defineStepType } from '../step-type.js';

/** If/else. The branch's steps share the run's step outputs, so later steps can read them. */
export default defineStepType({
  type: 'condition',
  description:
    'Run `then` when the `if` expression is truthy, else `else` (optional). Output: { branch: "then"|"else"|null, output }.',
  config: z.strictObject({
    if: ExpressionSchema,
    // biome-ignore lint/suspicious/noThenProperty: the language names this branch; a list, never callable, so not a thenable.
    then: StepListSchema,
    else: StepListSchema.optional(),
  }),
  children: (config) => [config.then, ...(config.else ? [config.else] : [])] as StepDefinition[][],
  async run(ctx, step) {
    const { config } = step;
    const branch = (await ctx.evaluate(config.if)) ? 'then' : config.else ? 'else' : null;
    if (branch === null) return { branch, output: null };
    const steps = (branch === 'then' ? config.then : config.else) as StepDefinition[];
    return { branch, output: await ctx.runSteps(steps, { label: branch }) };
  },
});
