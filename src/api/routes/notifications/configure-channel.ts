import { z } from '@hono/zod-openapi';
import { configureChannel } from '../../../services/notifications/configure-channel.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ChannelViewSchema, ConfigureChannelBody } from './schemas.js';

const Answer = ChannelViewSchema.extend({
  signing_secret: z
    .string()
    .optional()
    .openapi({ description: 'webhook channel: the new signing secret, in this answer only' }),
}).openapi('ConfiguredNotificationChannel');

const route = defineRoute('notifications:send', {
  method: 'post',
  path: '/api/v1/notifications/channels/configure',
  operationId: 'configureNotificationChannel',
  tags: ['Notifications'],
  summary: 'Configure a notification channel',
  description:
    "Sets up or changes the organization's email (SMTP), chat (Slack-compatible incoming webhook) or webhook (signed with Standard Webhooks) channel. Addresses pass the outbound guard now; secrets are kept in the channel's own credential and never shown again.",
  request: { body: jsonBody(ConfigureChannelBody) },
  problems: ['destination_not_allowed'],
  responses: { 200: jsonResponse(Answer, 'The channel'), ...errorResponses(400) },
});

export function registerConfigureChannelRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await configureChannel(serviceContext(c), c.req.valid('json')), 200),
  );
}
