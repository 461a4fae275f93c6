import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { z } from 'zod';
import { StepListSchema } from '../../definition/schema.js';
import type { StepDefinition } from '../../definition/types.js';
import { allOrCancel } from '../all-or-cancel.js';
import { ExpressionSchema, RESERVED_SCOPE_NAMES } from '../expression-schema.js';
import { defineStepType } from '../step-type.js';

/** Items one loop may go over: as many as an expression's sequence may hold. */
export const MAX_FOREACH_ITEMS = 100_000;

/**
 * A loop over an array. Iterations run at most `concurrency` at a time; outputs keep item order.
 * Each pass sees `<as>` (default `item`) and `index`, and its steps are recorded as `loop[2].call`.
 *
 * Long loops: at top level the loop continues the run as new (a fresh Temporal history carrying
 * the position and the outputs so far) when Temporal suggests it, or every `checkpoint_every`
 * iterations if set. It pauses handing out items, lets the running ones finish, then continues.
 */
export default defineStepType({
  type: 'foreach',
  description:
    'Run `steps` for each element of the `items` array (a JSONata expression; null means none). Output: the last output of each iteration, in item order.',
  config: z.strictObject({
    items: ExpressionSchema,
    steps: StepListSchema,
    concurrency: z.number().int().min(1).max(100).default(1),
    as: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'loop variable names are identifiers')
      .refine((name) => !RESERVED_SCOPE_NAMES.includes(name), 'this name is taken by the run scope')
      .default('item'),
    checkpoint_every: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe('Continue the run as new every N iterations (top-level loops only); bounds history size'),
  }),
  children: (config) => [config.steps as StepDefinition[]],
  async run(ctx, step) {
    const { config } = step;
    // Steps nested in branches are stored without schema defaults, so defaults are applied here too.
    const concurrency = config.concurrency ?? 1;
    const as = config.as ?? 'item';
    const items = await ctx.evaluate(config.items);
    if (items !== null && !Array.isArray(items)) {
      throw ApplicationFailure.nonRetryable(
        `foreach items must be an array, got ${typeof items}`,
        'INVALID_ITEMS',
      );
    }
    const list = items ?? [];
    // From revision 4 on (runs recorded before it replay as they ran).
    if (ctx.revision >= 4 && list.length > MAX_FOREACH_ITEMS) {
      throw ApplicationFailure.nonRetryable(
        `foreach over ${list.length} items; at most ${MAX_FOREACH_ITEMS}`,
        'FOREACH_TOO_MANY_ITEMS',
      );
    }
    const resumed = ctx.resumeForeach;
    const results: unknown[] = resumed ? [...resumed.results] : [];
    const start = resumed?.nextIndex ?? 0;
    let next = start;
    const every = config.checkpoint_every;
    // At least one item per run: a chain whose carried results alone pass Temporal's threshold
    // would otherwise continue as new forever without progress.
    const shouldPause = () =>
      ctx.checkpoint !== undefined &&
      next > start &&
      ((every !== undefined && next - start >= every) || workflowInfo().continueAsNewSuggested);

    const worker = async () => {
      while (next < list.length && !shouldPause()) {
        const index = next++;
        results[index] = await ctx.runSteps(config.steps as StepDefinition[], {
          iteration: index,
          extraScope: { [as]: list[index], index },
        });
      }
    };
    const workers = Math.min(concurrency, list.length - next);
    await allOrCancel(Array.from({ length: Math.max(workers, 0) }, () => worker));
    if (next < list.length && ctx.checkpoint) {
      ctx.log('info', `Continuing as new after ${next} of ${list.length} items`);
      await ctx.checkpoint({ nextIndex: next, results });
    }
    return results;
  },
});
