import { z } from '@hono/zod-openapi';
import { AI_TASK_TYPES } from '../../../services/ai/task-types/index.js';
import type { AiTaskName } from '../../../workflows/ai-messages.js';

/** A model named in a call; the model table decides which are allowed (400 model_not_allowed). */
export const ModelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'a model id such as claude-sonnet-4-5')
  .openapi({
    description: 'A model of the allow-list (see /ai/status); the default model when omitted',
    example: 'claude-sonnet-4-5',
  });

/** Any id-shaped string: one that names no conversation of the caller's is 404, like another user's. */
export const ConversationId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'a conversation id (conv_…)')
  .openapi({ example: 'conv_01JD3Y6S2W8Q9R7T5V4X3Z2A1B' });

/**
 * The body of /ai/<task>: the task type's input and an optional model. An extract request's
 * `schema` is described here as an object: its own shape is recursive, which the OpenAPI generator
 * cannot name; the service checks it against the full rules (extract-schema.ts) before the run.
 */
export const taskBody = (name: AiTaskName) => {
  const body = AI_TASK_TYPES[name].input.extend({ model: ModelName.optional() });
  const described =
    name === 'extract'
      ? body.extend({
          schema: z.record(z.string(), z.unknown()).openapi({
            description:
              'A JSON Schema (draft 2020-12) of `type: object` with `properties`: type, description, enum, items, properties, required, additionalProperties and bounds only (no pattern, $ref or format); at most 6 levels and 300 nodes',
            example: {
              type: 'object',
              properties: { invoice_number: { type: 'string' }, total: { type: 'number' } },
              required: ['invoice_number'],
            },
          }),
        })
      : body;
  return described.openapi(`Ai${pascal(name)}Request`);
};

export const UsageSchema = z
  .object({
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    cache_creation_input_tokens: z.number().int(),
    cache_read_input_tokens: z.number().int(),
    cost_usd: z.number().openapi({ description: "From the model table's prices" }),
    calls: z
      .number()
      .int()
      .openapi({ description: 'Requests made to the Messages API, schema retries included' }),
  })
  .openapi('AiUsage');

/** The answer of /ai/<task>: `result` in the task type's output shape. */
export const answerSchema = (name: AiTaskName) =>
  z
    .object({
      run_id: z.string().openapi({
        description: 'The Temporal workflow id of the run (visible in the Web UI)',
        example: 'air_01JD3Y6S2W8Q9R7T5V4X3Z2A1B',
      }),
      task_type: z.literal(name),
      model: z.string(),
      result: AI_TASK_TYPES[name].output,
      usage: UsageSchema,
      stop_reason: z.string().nullable(),
      conversation_id: z
        .string()
        .nullable()
        .openapi({ description: '/ai/ask: the conversation this turn joined' }),
    })
    .openapi(`Ai${pascal(name)}Answer`);

/** The answer when the wait (AI_WAIT_SECONDS) ended before the run: read it later by its id. */
export const PendingRunSchema = z
  .object({
    run_id: z.string().openapi({ example: 'air_01JD3Y6S2W8Q9R7T5V4X3Z2A1B' }),
    task_type: z.enum(['ask', 'analyze', 'decide', 'classify', 'extract', 'summarize']),
    status: z.literal('running'),
    conversation_id: z.string().nullable(),
  })
  .openapi('AiPendingRun');

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Every code an /ai/<task> request can answer besides validation. */
export const AI_TASK_PROBLEMS = [
  'model_not_allowed',
  'ai_budget_exceeded',
  'ai_not_configured',
  'ai_key_rejected',
  'ai_request_rejected',
  'ai_refused',
  'ai_unavailable',
  'temporal_unavailable',
] as const;
