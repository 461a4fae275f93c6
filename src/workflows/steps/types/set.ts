import { z } from 'zod';
import { defineStepType } from '../step-type.js';

/** Sets run variables (`vars.<name>` in later expressions); values are rendered first, all at once. */
export default defineStepType({
  type: 'set',
  description:
    'Set run variables: each value (templates allowed) is rendered and stored as vars.<name>. Output: the values set.',
  config: z.strictObject({
    values: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are identifiers'),
        z.unknown(),
      )
      .refine((values) => Object.keys(values).length > 0, 'set at least one variable'),
  }),
  async run(ctx, step) {
    // Rendered before any is set, so values in one step never see each other half-updated.
    const values = await ctx.render<Record<string, unknown>>(step.config.values);
    for (const [name, value] of Object.entries(values)) ctx.setVar(name, value);
    return values;
  },
});
