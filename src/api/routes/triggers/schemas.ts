import { z } from '@hono/zod-openapi';
import { TRIGGER_TYPES } from '../../../db/schema/index.js';
import { idParam } from '../../openapi.js';

export const TRIGGER_ID_EXAMPLE = 'trg_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';
export const TriggerIdParam = idParam('id', TRIGGER_ID_EXAMPLE);

export const TriggerName = z.string().trim().min(1).max(200).openapi({ example: 'Orders from the shop' });
export const TriggerConfig = z.record(z.string(), z.unknown()).openapi({
  description: 'Settings of the trigger type (see GET /api/v1/triggers/types for each schema)',
  example: { max_body_bytes: 65536, tolerance_seconds: 300 },
});
export const TriggerMappings = z
  .record(z.string().min(1).max(200), z.string().min(1).max(10_000))
  .refine((m) => Object.keys(m).length <= 200, 'At most 200 mappings')
  .openapi({
    description:
      "variable name → JSONata over `{ payload, headers, trigger }`. Empty: the workflow's own mappings, else the payload's fields named like variables.",
    example: { customer: 'payload.customer.id', amount: 'payload.total / 100' },
  });

const ErrorSchema = z.object({ code: z.string(), message: z.string(), at: z.string() });

export const TriggerSchema = z
  .object({
    id: z.string().openapi({ example: TRIGGER_ID_EXAMPLE }),
    name: z.string(),
    type: z.enum(TRIGGER_TYPES),
    workflow_id: z.string(),
    enabled: z.boolean(),
    config: z.record(z.string(), z.unknown()),
    mappings: z.record(z.string(), z.string()),
    webhook: z
      .object({
        url_path: z.string().openapi({ example: '/api/v1/triggers/webhooks/3q2-7wAbCdEf…' }),
        secret_hint: z
          .string()
          .nullable()
          .openapi({ description: 'The end of the current signing secret', example: 'whsec_…k3Q=' }),
        previous_secret_expires_at: z
          .string()
          .nullable()
          .openapi({ description: 'Until when the secret before the last rotation is still accepted' }),
      })
      .nullable()
      .openapi({ description: 'Webhook triggers only' }),
    schedule_id: z.string().nullable().openapi({ description: 'Schedule triggers: the schedule backing it' }),
    fire_count: z.number().int(),
    last_fired_at: z.string().nullable(),
    last_error: ErrorSchema.nullable(),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Trigger');

export const ProblemList = z.array(z.object({ path: z.string(), message: z.string(), code: z.string() }));

/** A trigger as create and rotate-secret answer: the only times a webhook's secret is shown. */
export const TriggerWithSecretSchema = TriggerSchema.extend({
  webhook: z
    .object({
      url_path: z.string(),
      secret: z.string().openapi({
        description: 'The signing secret (Standard Webhooks). Shown in this answer only: store it now.',
        example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      }),
      secret_hint: z.string().nullable(),
      previous_secret_expires_at: z.string().nullable(),
    })
    .nullable(),
}).openapi('TriggerWithSecret');
