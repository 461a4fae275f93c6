import { z } from '@hono/zod-openapi';
import { sendNotification } from '../../../services/notifications/send-notification.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ChannelName, SendAnswerSchema } from './schemas.js';

const Body = z
  .strictObject({
    channel: ChannelName,
    recipients: z.array(z.email().max(320)).max(50).optional(),
  })
  .openapi('TestNotificationChannel');

const route = defineRoute('notifications:send', {
  method: 'post',
  path: '/api/v1/notifications/test',
  operationId: 'testNotificationChannel',
  tags: ['Notifications'],
  summary: 'Send a test notification',
  description: 'Sends a short test message through the channel and waits up to 15 s for the outcome.',
  request: { body: jsonBody(Body) },
  problems: ['channel_not_configured', 'temporal_unavailable'],
  responses: {
    200: jsonResponse(SendAnswerSchema, 'Delivered, or failed, within the wait'),
    202: jsonResponse(SendAnswerSchema, 'Still being delivered'),
    ...errorResponses(409, 503),
  },
});

export function registerTestChannelRoute(app: App) {
  app.openapi(route, async (c) => {
    const { channel, recipients } = c.req.valid('json');
    const answer = await sendNotification(
      serviceContext(c),
      {
        channel,
        recipients,
        subject: 'Conveyor test notification',
        body: `This is a test of the ${channel} notification channel. If you read it, the channel works.`,
        waitSeconds: 15,
      },
      'test',
    );
    return answer.status === 'pending' ? c.json(answer, 202) : c.json(answer, 200);
  });
}
