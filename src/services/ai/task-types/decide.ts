import { z } from 'zod';
import { asJson, BoundedJson, Confidence, Instructions, labelList, Reason } from './limits.js';
import { defineTaskType, issueLines } from './task-type.js';

const Input = z.strictObject({
  /** The facts to decide on: text or any JSON. */
  context: BoundedJson,
  options: labelList(2, 20),
  criteria: Instructions.optional(),
});
type Input = z.infer<typeof Input>;

const TOOL = 'record_decision';

const answerOf = (input: Input) =>
  z.strictObject({
    decision: z.enum(input.options as [string, ...string[]]),
    reason: Reason,
    confidence: Confidence,
  });

/** One of the options for a context, with its reason, through a forced tool call. */
export default defineTaskType({
  name: 'decide',
  description:
    'Choose one of `options` for a context, by `criteria` if given. Result: the decision, a reason and a confidence.',
  input: Input,
  output: z.object({ decision: z.string(), reason: z.string(), confidence: z.number() }),
  kind: 'structured',
  prompt: (input) => ({
    system:
      'You make one decision for an automation workflow. Weigh the context against the criteria, choose ' +
      `exactly one of the options and record it with the ${TOOL} tool, with the reason a reviewer needs ` +
      'to check it and your confidence (0 to 1).' +
      (input.criteria ? `\n\nCriteria: ${input.criteria}` : ''),
    user: `Options: ${JSON.stringify(input.options)}\n\n<context>\n${typeof input.context === 'string' ? input.context : asJson(input.context)}\n</context>`,
    maxTokens: 1024,
  }),
  tool: (input) => ({
    name: TOOL,
    description: 'Record the option chosen and why.',
    input_schema: {
      type: 'object',
      properties: {
        decision: { type: 'string', enum: input.options },
        reason: { type: 'string' },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
      },
      required: ['decision', 'reason', 'confidence'],
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
