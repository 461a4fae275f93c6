import { AiList, AiText, defineAiStep } from '../ai-step.js';

export default defineAiStep(
  'classify',
  'Put a text in one of `categories` (checked; re-asked up to twice). Output: `{ category, confidence, reason }`.',
  {
    text: AiText(200_000),
    categories: AiList,
    instructions: AiText(4000).optional(),
  },
);
