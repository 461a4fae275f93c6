import { z } from 'zod';
import { StepListSchema } from '../../definition/schema.js';
import type { StepDefinition } from '../../definition/types.js';
import { allOrCancel } from '../all-or-cancel.js';
import { defineStepType } from '../step-type.js';

const BRANCH_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * Branches at the same time. If one fails, the others are cancelled and the step fails with the
 * first failure (its `on_error` then applies). Branch steps share the run's step outputs.
 */
export default defineStepType({
  type: 'parallel',
  description:
    'Run branches concurrently (`branches`: { name: steps } or [steps, …]). Output: { name: last output } (an array for an array of branches).',
  config: z.strictObject({
    branches: z.union([
      z
        .record(z.string().regex(BRANCH_NAME, 'branch names are identifiers'), StepListSchema)
        .refine((b) => Object.keys(b).length > 0 && Object.keys(b).length <= 50, '1 to 50 branches'),
      z.array(StepListSchema).min(1).max(50),
    ]),
  }),
  children: (config) => Object.values(config.branches) as StepDefinition[][],
  async run(ctx, step) {
    const { branches } = step.config;
    const entries = Object.entries(branches) as [string, StepDefinition[]][];
    const outputs = await allOrCancel(
      entries.map(
        ([name, steps]) =>
          () =>
            ctx.runSteps(steps, { label: name }),
      ),
    );
    if (Array.isArray(branches)) return outputs;
    return Object.fromEntries(entries.map(([name], index) => [name, outputs[index]]));
  },
});
