import { z } from '@hono/zod-openapi';
import { AGENT_KINDS } from '../../../db/schema/index.js';
import { idParam } from '../../openapi.js';

export const AGENT_ID_EXAMPLE = 'agt_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';
export const AgentIdParam = idParam('id', AGENT_ID_EXAMPLE);

const Tag = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/, 'letters, digits and _ . : / - only');

export const AgentFieldsSchema = z.object({
  name: z.string().trim().min(1).max(200).openapi({ example: 'Invoice robot 1' }),
  description: z.string().max(2000).optional(),
  labels: z
    .array(Tag)
    .max(50)
    .optional()
    .openapi({
      description: 'A task needing labels goes only to robots having them all',
      example: ['windows', 'sap'],
    }),
  capabilities: z
    .array(Tag)
    .max(100)
    .optional()
    .openapi({
      description: 'Like labels: what the robot can do (`browser`, `excel`)',
      example: ['http', 'files'],
    }),
  max_concurrency: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'Tasks the robot may hold at once (default 1)', example: 2 }),
});

export const AgentSchema = z
  .object({
    id: z.string().openapi({ example: AGENT_ID_EXAMPLE }),
    kind: z.enum(AGENT_KINDS),
    name: z.string(),
    description: z.string(),
    labels: z.array(z.string()),
    capabilities: z.array(z.string()),
    max_concurrency: z.number().int(),
    status: z
      .enum(['online', 'offline'])
      .openapi({ description: 'From the last heartbeat and ROBOT_OFFLINE_AFTER_SECONDS, at read time' }),
    tasks_in_hand: z.number().int().openapi({ description: 'Tasks claimed and not yet reported' }),
    reported_status: z.string().nullable().openapi({ description: 'The status word of its last heartbeat' }),
    version: z.string().nullable(),
    host: z.record(z.string(), z.unknown()),
    current_load: z.number().int(),
    last_heartbeat_at: z.string().nullable(),
    token_prefix: z
      .string()
      .nullable()
      .openapi({ description: 'The start of the current token', example: 'rbt_x8Kq2v' }),
    token_rotated_at: z.string().nullable(),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Agent');

/** Register and rotate-token answer with this: the only times the token is shown. */
export const AgentWithTokenSchema = AgentSchema.extend({
  token: z.string().openapi({ description: 'The robot token; shown only in this answer', example: 'rbt_…' }),
}).openapi('AgentWithToken');
