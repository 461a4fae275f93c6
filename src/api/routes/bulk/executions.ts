import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bulkCancelExecutions, bulkRetryExecutions } from '../../../services/executions/bulk-executions.js';
import type { App, AppEnv } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { RetryFrom } from '../executions/retry-execution.js';

const Ids = z
  .array(z.string().min(1).max(200))
  .min(1)
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, 'ids must be unique')
  .openapi({ description: '1 to 100 distinct execution ids', example: ['exe_01JD3Y6S2W8Q9R7T5V4X3Z2A1B'] });

const BulkResult = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        status: z.string().optional().openapi({ description: 'Cancel: `cancelling` or the final status' }),
        new_execution_id: z.string().optional().openapi({ description: 'Retry: the execution started' }),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
    succeeded: z.number().int(),
    failed: z.number().int(),
  })
  .openapi('BulkExecutionResult');

const description =
  'Each id is handled on its own: a missing, foreign or ineligible one fails alone, with its error code.';

const cancelRoute = defineRoute('executions:cancel', {
  method: 'post',
  path: '/api/v1/bulk/executions/cancel',
  operationId: 'bulkCancelExecutions',
  tags: ['Bulk Operations'],
  summary: 'Cancel several executions',
  description,
  request: { body: jsonBody(z.strictObject({ ids: Ids }).openapi('BulkCancelExecutionsRequest')) },
  problems: [],
  responses: { 200: jsonResponse(BulkResult, 'One result per id, in order'), ...errorResponses(400, 415) },
});

const retryRoute = defineRoute('executions:retry', {
  method: 'post',
  path: '/api/v1/bulk/executions/retry',
  operationId: 'bulkRetryExecutions',
  tags: ['Bulk Operations'],
  summary: 'Retry several executions',
  description,
  request: {
    body: jsonBody(z.strictObject({ ids: Ids, from: RetryFrom }).openapi('BulkRetryExecutionsRequest')),
  },
  problems: [],
  responses: { 200: jsonResponse(BulkResult, 'One result per id, in order'), ...errorResponses(400, 415) },
});

const logUnexpected = (c: Context<AppEnv>) => (error: unknown, id: string) =>
  c.get('logger').error({ err: error, execution_id: id }, 'bulk execution operation failed');

export function registerBulkExecutionRoutes(app: App) {
  app.openapi(cancelRoute, async (c) =>
    c.json(await bulkCancelExecutions(serviceContext(c), c.req.valid('json').ids, logUnexpected(c)), 200),
  );
  app.openapi(retryRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(await bulkRetryExecutions(serviceContext(c), body.ids, body.from, logUnexpected(c)), 200);
  });
}
