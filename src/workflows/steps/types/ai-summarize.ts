import { z } from 'zod';
import { AiText, defineAiStep } from '../ai-step.js';

export default defineAiStep('summarize', 'Summarize a text. Output: `{ summary }`.', {
  text: AiText(200_000),
  max_words: z.number().int().min(10).max(2000).optional(),
  format: z.enum(['paragraph', 'bullets']).optional(),
  focus: AiText(4000).optional(),
});
