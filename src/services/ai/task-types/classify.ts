import { z } from 'zod';
import { Confidence, Instructions, labelList, Reason, TEXT_MAX } from './limits.js';
import { defineTaskType, issueLines } from './task-type.js';

const Input = z.strictObject({
  text: z.string().min(1).max(TEXT_MAX),
  categories: labelList(2, 50),
  instructions: Instructions.optional(),
});
type Input = z.infer<typeof Input>;

const TOOL = 'record_classification';

const answerOf = (input: Input) =>
  z.strictObject({
    category: z.enum(input.categories as [string, ...string[]]),
    confidence: Confidence,
    reason: Reason,
  });

/** One category of the list for a text, with a confidence and a reason, through a forced tool call. */
export default defineTaskType({
  name: 'classify',
  description:
    'Put a text in exactly one of `categories`. Result: the category, a confidence in [0, 1] and a reason.',
  input: Input,
  output: z.object({ category: z.string(), confidence: z.number(), reason: z.string() }),
  kind: 'structured',
  prompt: (input) => ({
    system:
      'You classify texts for an automation workflow. Choose exactly one of the given categories, the one ' +
      `that fits best, and record it with the ${TOOL} tool. The confidence is your probability (0 to 1) ` +
      'that the category is right; the reason is one or two sentences citing the text.' +
      (input.instructions ? `\n\nInstructions: ${input.instructions}` : ''),
    user: `Categories: ${JSON.stringify(input.categories)}\n\n<text>\n${input.text}\n</text>`,
    maxTokens: 1024,
  }),
  tool: (input) => ({
    name: TOOL,
    description: 'Record the category chosen for the text.',
    input_schema: {
      type: 'object',
      properties: {
        category: { type: 'string', enum: input.categories },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
        reason: { type: 'string' },
      },
      required: ['category', 'confidence', 'reason'],
      additionalProperties: false,
    },
  }),
  check: (answer, input) => {
    const parsed = answerOf(input).safeParse(answer);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, problems: issueLines(parsed.error) };
  },
});
