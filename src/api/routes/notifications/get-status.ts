import { z } from '@hono/zod-openapi';
import { getNotificationStatus } from '../../../services/notifications/get-notification-status.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ChannelName, ChannelViewSchema } from './schemas.js';

const Status = z
  .object({
    channels: z.array(
      z.object({
        channel: ChannelName,
        configured: z.boolean(),
        state: ChannelViewSchema.nullable(),
        last_24h: z.object({ sent: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
      }),
    ),
  })
  .openapi('NotificationStatus');

const route = defineRoute('notifications:send', {
  method: 'get',
  path: '/api/v1/notifications/status',
  operationId: 'notificationStatus',
  tags: ['Notifications'],
  summary: 'Notification channels and their deliveries',
  description:
    "Each channel: configured or not, its last delivery and failure, failures in a row, and the last 24 h's counts.",
  problems: [],
  responses: { 200: jsonResponse(Status, 'The channels') },
});

export function registerGetStatusRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getNotificationStatus(serviceContext(c)), 200));
}
