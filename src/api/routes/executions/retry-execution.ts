import { z } from '@hono/zod-openapi';
import { retryExecution } from '../../../services/executions/retry-execution.js';
import { toExecutionResource } from '../../../services/executions/serialize.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ExecutionIdParam, ExecutionSchema } from './schemas.js';

export const RetryFrom = z.enum(['start', 'failed_step']).default('start').openapi({
  description:
    '`start` runs every step again; `failed_step` keeps the outputs of the top-level steps that completed and continues from the first that did not',
});

const RetryBody = z
  .strictObject({
    from: RetryFrom,
    input: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'Replaces the original input; by default the retry uses the same input' }),
  })
  .openapi('RetryExecutionRequest');

const route = defineRoute('executions:retry', {
  method: 'post',
  path: '/api/v1/executions/{id}/retry',
  operationId: 'retryExecution',
  tags: ['Executions'],
  summary: 'Retry a failed, cancelled, terminated or timed-out execution',
  description: 'Starts a new execution of the same workflow version; its `retry_of` names this one.',
  'x-resource': 'execution',
  request: { params: ExecutionIdParam, body: { ...jsonBody(RetryBody), required: false } },
  problems: [
    'approval_bound_to_input',
    'execution_not_retryable',
    'not_found',
    'quota_exceeded',
    'workflow_archived',
    'workflow_not_published',
  ],
  responses: {
    202: jsonResponse(ExecutionSchema, 'The new execution, started'),
    ...errorResponses(400, 404, 409, 415, 429),
  },
});

export function registerRetryExecutionRoute(app: App) {
  app.openapi(route, async (c) => {
    const ctx = serviceContext(c);
    const body = c.req.valid('json');
    const execution = await retryExecution(ctx, c.req.valid('param').id, {
      from: body.from,
      input: body.input,
    });
    return c.json(toExecutionResource(execution, ctx.temporal.namespace), 202);
  });
}
