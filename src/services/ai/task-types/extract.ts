import { type Schema, Validator } from '@cfworker/json-schema';
import { z } from 'zod';
import { ExtractSchema } from './extract-schema.js';
import { Instructions, TEXT_MAX } from './limits.js';
import { defineTaskType } from './task-type.js';

const Input = z.strictObject({
  text: z.string().min(1).max(TEXT_MAX),
  schema: ExtractSchema,
  instructions: Instructions.optional(),
});

const TOOL = 'record_extraction';

/** Fields of a text, in the shape of the caller's JSON Schema: the model fills a tool with that schema. */
export default defineTaskType({
  name: 'extract',
  description:
    'Extract structured data from a text. `schema` (a JSON Schema object without pattern, $ref or format) is the shape of `data`; the answer is checked against it.',
  input: Input,
  output: z.object({ data: z.record(z.string(), z.unknown()) }),
  kind: 'structured',
  prompt: (input) => ({
    system:
      `You extract data from texts for an automation workflow. Fill the ${TOOL} tool with what the text ` +
      'states. Copy values exactly; leave out optional fields the text does not give, and never invent one.' +
      (input.instructions ? `\n\nInstructions: ${input.instructions}` : ''),
    user: `<text>\n${input.text}\n</text>`,
    maxTokens: 4096,
  }),
  tool: (input) => ({
    name: TOOL,
    description: 'Record the data extracted from the text.',
    input_schema: { ...input.schema, type: 'object' },
  }),
  check: (answer, input) => {
    // Interpreted, not compiled to code; the schema holds no pattern (see extract-schema.ts).
    const result = new Validator(input.schema as Schema, '2020-12', false).validate(answer);
    if (result.valid) return { ok: true, value: { data: answer as Record<string, unknown> } };
    return {
      ok: false,
      problems: result.errors
        .filter((error) => error.keyword !== 'properties')
        .map((error) => `${error.instanceLocation}: ${error.error}`),
    };
  },
});
