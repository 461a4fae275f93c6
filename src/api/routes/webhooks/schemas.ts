import { z } from '@hono/zod-openapi';
import { WEBHOOK_DELIVERY_STATUSES } from '../../../db/schema/index.js';
import { WEBHOOK_EVENT_FILTERS } from '../../../services/webhooks/event-types.js';
import { idParam } from '../../openapi.js';

export const WEBHOOK_ID_EXAMPLE = 'whk_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';
/** `{webhook}` and `{id}` both name a subscription: the reference spells its paths with both. */
export const WebhookParam = idParam('webhook', WEBHOOK_ID_EXAMPLE);
export const WebhookIdParam = idParam('id', WEBHOOK_ID_EXAMPLE);

export const MAX_EVENT_TYPES = WEBHOOK_EVENT_FILTERS.length;
export const MAX_CONSECUTIVE_FAILURES_LIMIT = 1000;

export const WebhookFieldsSchema = z.object({
  name: z.string().trim().min(1).max(200).openapi({ example: 'Billing events' }),
  url: z.string().min(1).max(2000).openapi({
    description: 'https (http only where WEBHOOK_ALLOW_HTTP is set); checked by the outbound guard',
    example: 'https://example.com/hooks/conveyor',
  }),
  event_types: z
    .array(z.enum(WEBHOOK_EVENT_FILTERS))
    .min(1)
    .max(MAX_EVENT_TYPES)
    .openapi({
      description: 'Event types and wildcards (`execution.*`, `*`)',
      example: ['execution.completed', 'approval.*'],
    }),
  description: z.string().max(2000).optional(),
  enabled: z.boolean().optional().openapi({ description: 'Default true' }),
  max_consecutive_failures: z.number().int().min(1).max(MAX_CONSECUTIVE_FAILURES_LIMIT).optional().openapi({
    description: 'Failed deliveries in a row before the subscription is disabled (default 10)',
    example: 10,
  }),
});

export const WebhookSchema = z
  .object({
    id: z.string().openapi({ example: WEBHOOK_ID_EXAMPLE }),
    name: z.string(),
    description: z.string(),
    url: z.string(),
    event_types: z.array(z.string()),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().openapi({ description: 'Why it was disabled, when it is' }),
    max_consecutive_failures: z.number().int(),
    consecutive_failures: z.number().int(),
    secret_hint: z.string().openapi({ description: 'The end of the signing secret', example: 'whsec_…a1B2' }),
    previous_secret_expires_at: z
      .string()
      .nullable()
      .openapi({ description: 'Until then deliveries carry the previous secret’s signature too' }),
    last_delivery_at: z.string().nullable(),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Webhook');

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z
    .string()
    .openapi({ description: 'The signing secret; shown only in this answer', example: 'whsec_…' }),
}).openapi('WebhookWithSecret');

export const WebhookDeliverySchema = z
  .object({
    id: z.string().openapi({ description: 'The `webhook-id` header of every attempt', example: 'whd_…' }),
    subscription_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    response_status: z.number().int().nullable(),
    response_body: z
      .string()
      .nullable()
      .openapi({ description: 'The first 1024 characters of the last answer' }),
    last_error: z.string().nullable(),
    last_attempt_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('WebhookDelivery');

export const WebhookTestResultSchema = z
  .object({
    webhook_id: z.string().openapi({ description: 'The `webhook-id` the test event carried' }),
    delivered: z.boolean().openapi({ description: 'The receiver answered 2xx' }),
    status: z.number().int().nullable(),
    latency_ms: z.number().int().nullable(),
    response_body: z.string().nullable().openapi({ description: 'The first 1024 characters of the answer' }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .openapi('WebhookTestResult');
