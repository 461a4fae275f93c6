import { AiJson, AiText, defineAiStep } from '../ai-step.js';

export default defineAiStep(
  'analyze',
  'Analyze JSON data, or answer `question` about it. Output: `{ analysis }`.',
  {
    data: AiJson,
    question: AiText(4000).optional(),
  },
);
