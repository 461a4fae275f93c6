import { z } from 'zod';
import { AiText, defineAiStep } from '../ai-step.js';

export default defineAiStep('ask', 'Send a prompt to Claude. Output: `{ answer }`.', {
  prompt: AiText(100_000),
  system: AiText(20_000).optional(),
  max_tokens: z.number().int().min(1).max(8192).optional(),
});
