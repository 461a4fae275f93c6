import { sendNotification } from '../../../services/notifications/send-notification.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { SendAnswerSchema, SendBody } from './schemas.js';

const route = defineRoute('notifications:send', {
  method: 'post',
  path: '/api/v1/notifications/send',
  operationId: 'sendNotification',
  tags: ['Notifications'],
  summary: 'Send a notification',
  description:
    'Queues a notification on a channel; a Temporal workflow delivers it with retries (a mail server that is down delays it, never loses it). With `wait_seconds` the answer waits for the outcome.',
  request: { body: jsonBody(SendBody) },
  problems: ['channel_not_configured', 'temporal_unavailable'],
  responses: {
    200: jsonResponse(SendAnswerSchema, 'Delivered, or failed for good, within the wait'),
    202: jsonResponse(SendAnswerSchema, 'Queued; still being delivered'),
    ...errorResponses(409, 503),
  },
});

export function registerSendRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const answer = await sendNotification(serviceContext(c), {
      channel: body.channel,
      recipients: body.recipients,
      subject: body.subject,
      body: body.body,
      waitSeconds: body.wait_seconds,
    });
    return answer.status === 'pending' ? c.json(answer, 202) : c.json(answer, 200);
  });
}
