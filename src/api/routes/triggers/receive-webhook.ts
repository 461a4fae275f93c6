import { z } from '@hono/zod-openapi';
import { receiveWebhook } from '../../../services/triggers/receive-webhook.js';
import { publicContext } from '../../context.js';
import type { App } from '../../env.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute, PUBLIC } from '../../route.js';

const Accepted = z
  .object({
    execution_id: z.string().openapi({ example: 'exe_01JD3Y6S2W8Q9R7T5V4X3Z2A1B' }),
    duplicate: z.boolean().openapi({ description: 'true when this webhook-id had already started the run' }),
  })
  .openapi('WebhookAccepted');

const route = defineRoute(PUBLIC, {
  method: 'post',
  path: '/api/v1/triggers/webhooks/{path}',
  operationId: 'receiveWebhook',
  tags: ['Triggers'],
  summary: 'Receive a webhook delivery (Standard Webhooks signature, no login)',
  description:
    "Verifies `webhook-signature` (`v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` under the trigger's `whsec_` secret) over the body bytes as sent, and `webhook-timestamp` within the tolerance. An unknown path, a disabled trigger, a bad signature or a stale timestamp all answer the same 401. A repeated `webhook-id` answers with the run it first started.",
  request: {
    // Not a zod schema on purpose: the body must reach the handler unparsed, byte for byte.
    params: z.object({
      path: z.string().openapi({ param: { name: 'path', in: 'path' }, example: 'q2w3e4…' }),
    }),
    headers: z.object({
      'webhook-id': z.string().optional().openapi({ example: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' }),
      'webhook-timestamp': z.string().optional().openapi({ example: '1700000000' }),
      'webhook-signature': z
        .string()
        .optional()
        .openapi({ example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' }),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            description: 'Any JSON object or array; the mappings read it as `payload`',
          },
        },
      },
    },
  },
  problems: [
    'invalid_payload',
    'invalid_webhook',
    'payload_too_large',
    'quota_exceeded',
    'trigger_input_invalid',
    'trigger_mapping_failed',
    'unsupported_media_type',
    'workflow_archived',
    'workflow_not_published',
    'workflow_unavailable',
  ],
  responses: {
    202: jsonResponse(Accepted, 'The run was started (or had been, for this webhook-id)'),
    ...errorResponses(400, 401, 409, 413, 415, 422, 429),
  },
});

export function registerReceiveWebhookRoute(app: App) {
  app.openapi(route, async (c) => {
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const result = await receiveWebhook(publicContext(c), {
      path: c.req.param('path'),
      headers,
      body: Buffer.from(await c.req.arrayBuffer()),
    });
    return c.json(result, 202);
  });
}
