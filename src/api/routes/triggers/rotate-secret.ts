import { z } from '@hono/zod-openapi';
import {
  DEFAULT_GRACE_SECONDS,
  MAX_GRACE_SECONDS,
  rotateWebhookSecret,
} from '../../../services/triggers/rotate-secret.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { TriggerIdParam, TriggerWithSecretSchema } from './schemas.js';

const Body = z
  .strictObject({
    grace_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_SECONDS)
      .optional()
      .openapi({
        description: `How long the old secret keeps verifying (default ${DEFAULT_GRACE_SECONDS}; 0 revokes it now)`,
        example: DEFAULT_GRACE_SECONDS,
      }),
  })
  .openapi('RotateSecretRequest');

const route = defineRoute('triggers:write', {
  method: 'post',
  path: '/api/v1/triggers/{id}/rotate-secret',
  operationId: 'rotateTriggerSecret',
  tags: ['Triggers'],
  summary: 'Issue a new webhook signing secret',
  description:
    'Webhook triggers only (409 otherwise). The new secret is in this answer only; deliveries signed with the old one are still accepted during the grace period.',
  'x-resource': 'trigger',
  request: {
    params: TriggerIdParam,
    body: { required: false, content: { 'application/json': { schema: Body } } },
  },
  problems: ['not_a_webhook', 'not_found'],
  responses: {
    200: jsonResponse(TriggerWithSecretSchema, 'The trigger with its new secret'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerRotateSecretRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof Body>;
    return c.json(
      await rotateWebhookSecret(
        serviceContext(c),
        c.req.valid('param').id,
        body.grace_seconds ?? DEFAULT_GRACE_SECONDS,
      ),
      200,
    );
  });
}
