import { z } from 'zod';
import { SucceedSignal } from '../../interpreter/errors.js';
import { defineStepType } from '../step-type.js';

/** Ends the whole run successfully here, from any depth; no later step runs. */
export default defineStepType({
  type: 'succeed',
  description: 'End the run successfully now; `output` (templates allowed) becomes the run output.',
  config: z.strictObject({ output: z.unknown().optional() }),
  async run(ctx, step) {
    throw new SucceedSignal(await ctx.render(step.config.output ?? null));
  },
});
