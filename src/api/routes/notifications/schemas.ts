import { z } from '@hono/zod-openapi';
import { ChannelConfiguration } from '../../../services/notifications/channel-settings.js';

export const ChannelName = z.enum(['email', 'chat', 'webhook']);

/**
 * The channel settings' own schema (services/notifications/channel-settings.ts). It is not renamed
 * with `.openapi()` here: the worker's imports can create it before zod-openapi extends zod.
 */
export const ConfigureChannelBody = ChannelConfiguration;

export const ChannelViewSchema = z
  .object({
    channel: ChannelName,
    enabled: z.boolean(),
    settings: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'What is not secret; passwords and URLs with secrets never appear' }),
    last_delivery_at: z.string().nullable(),
    last_failure_at: z.string().nullable(),
    last_error: z.string().nullable(),
    consecutive_failures: z.number().int(),
    updated_at: z.string(),
  })
  .openapi('NotificationChannel');

export const SendBody = z
  .strictObject({
    channel: ChannelName,
    recipients: z.array(z.email().max(320)).max(50).optional().openapi({
      description: "E-mail addresses (email channel); the channel's default recipients when omitted",
    }),
    subject: z.string().min(1).max(500),
    body: z.string().min(1).max(100_000),
    wait_seconds: z
      .number()
      .int()
      .min(0)
      .max(30)
      .default(0)
      .openapi({ description: 'Wait this long for the delivery; 0 answers at once (202)' }),
  })
  .openapi('SendNotification');

export const SendAnswerSchema = z
  .object({
    notification_id: z.string().openapi({ example: 'ntf_01JD3Y6S2W8Q9R7T5V4X3Z2A1B' }),
    channel: ChannelName,
    status: z.enum(['pending', 'sent', 'failed']),
    sent_at: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi('NotificationDelivery');
