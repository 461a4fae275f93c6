import { z } from 'zod';
import { AiText, defineAiStep } from '../ai-step.js';

export default defineAiStep(
  'extract',
  'Extract the fields `schema` (a JSON Schema object; no pattern, $ref or format) describes from a text (checked; re-asked up to twice). Output: `{ data }`.',
  {
    text: AiText(200_000),
    schema: z.record(z.string(), z.unknown()),
    instructions: AiText(4000).optional(),
  },
);
