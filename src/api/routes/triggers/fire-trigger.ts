import { z } from '@hono/zod-openapi';
import { toExecutionResource } from '../../../services/executions/serialize.js';
import { fireTriggerByHand } from '../../../services/triggers/fire-trigger-by-hand.js';
import { IDEMPOTENCY_KEY_LIMIT } from '../../../services/workflows/execute-workflow.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ExecutionSchema } from '../executions/schemas.js';
import { TriggerIdParam } from './schemas.js';

const Body = z
  .strictObject({
    payload: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "What the trigger's mappings read as `payload`", example: { total: 1250 } }),
  })
  .openapi('FireTriggerRequest');

const Fired = ExecutionSchema.extend({
  created: z
    .boolean()
    .openapi({ description: 'false when the Idempotency-Key had already started this run' }),
}).openapi('TriggerFired');

const route = defineRoute('triggers:fire', {
  method: 'post',
  path: '/api/v1/triggers/{id}/fire',
  operationId: 'fireTrigger',
  tags: ['Triggers'],
  summary: 'Fire a trigger by hand',
  description:
    "Works for any enabled trigger (409 when disabled). The payload goes through the mappings; a mapping that fails or an input the workflow refuses answers 422 and is recorded as the trigger's last_error.",
  'x-resource': 'trigger',
  request: {
    params: TriggerIdParam,
    headers: z.object({
      'idempotency-key': z.string().min(1).max(IDEMPOTENCY_KEY_LIMIT).optional(),
    }),
    body: { required: false, content: { 'application/json': { schema: Body } } },
  },
  problems: [
    'idempotency_key_reused',
    'not_found',
    'quota_exceeded',
    'trigger_disabled',
    'trigger_input_invalid',
    'trigger_mapping_failed',
    'workflow_archived',
    'workflow_not_published',
    'workflow_unavailable',
  ],
  responses: {
    202: jsonResponse(Fired, 'The run it started'),
    ...errorResponses(400, 404, 409, 413, 415, 422, 429),
  },
});

export function registerFireTriggerRoute(app: App) {
  app.openapi(route, async (c) => {
    const ctx = serviceContext(c);
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof Body>;
    const { execution, created } = await fireTriggerByHand(ctx, c.req.valid('param').id, {
      payload: body.payload,
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    c.header('Location', `/api/v1/executions/${execution.id}`);
    return c.json({ ...toExecutionResource(execution, ctx.temporal.namespace), created }, 202);
  });
}
