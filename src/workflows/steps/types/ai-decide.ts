import { AiJson, AiList, AiText, defineAiStep } from '../ai-step.js';

export default defineAiStep(
  'decide',
  'Choose one of `options` for `context` by `criteria` (checked; re-asked up to twice). Output: `{ decision, reason, confidence }`.',
  {
    context: AiJson,
    options: AiList,
    criteria: AiText(4000).optional(),
  },
);
