import { z } from 'zod';
import { asJson, BoundedJson, Instructions } from './limits.js';
import { defineTaskType } from './task-type.js';

const Input = z.strictObject({
  /** Any JSON: records, metrics, a log excerpt. */
  data: BoundedJson,
  question: Instructions.optional(),
});

export default defineTaskType({
  name: 'analyze',
  description: 'Analyze JSON data: patterns, anomalies and what they suggest, or the answer to `question`.',
  input: Input,
  output: z.object({ analysis: z.string() }),
  kind: 'text',
  textField: 'analysis',
  prompt: (input) => ({
    system:
      'You analyze data for operations teams. Base every statement on the data given; quote the values ' +
      'you rely on; say what cannot be concluded from it. Answer in Markdown: findings first, then details.',
    user: `${input.question ? `Question: ${input.question}\n\n` : 'Analyze this data.\n\n'}<data>\n${asJson(input.data)}\n</data>`,
    maxTokens: 4096,
  }),
});
