import { z } from '@hono/zod-openapi';
import { cancelExecution } from '../../../services/executions/cancel-execution.js';
import { toExecutionResource } from '../../../services/executions/serialize.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ExecutionIdParam, ExecutionSchema } from './schemas.js';

/** How long the request waits for the interpreter to record the cancellation. */
const WAIT_MS = 5000;

const Cancelling = z
  .object({ id: z.string(), status: z.literal('cancelling') })
  .openapi('ExecutionCancelling');

const route = defineRoute('executions:cancel', {
  method: 'post',
  path: '/api/v1/executions/{id}/cancel',
  operationId: 'cancelExecution',
  tags: ['Executions'],
  summary: 'Cancel a running execution',
  description:
    'Requests cancellation in Temporal: running steps are cancelled and the run ends `cancelled`. ' +
    `Answers 200 with the execution once that is recorded (waiting up to ${WAIT_MS / 1000} s), else 202.`,
  'x-resource': 'execution',
  request: { params: ExecutionIdParam },
  problems: ['execution_not_running', 'not_found', 'temporal_unavailable'],
  responses: {
    200: jsonResponse(ExecutionSchema, 'Closed; usually `cancelled`, or what it ended as first'),
    202: jsonResponse(Cancelling, 'Cancellation requested; the run is still winding down'),
    ...errorResponses(404, 409, 503),
  },
});

export function registerCancelExecutionRoute(app: App) {
  app.openapi(route, async (c) => {
    const ctx = serviceContext(c);
    const row = await cancelExecution(ctx, c.req.valid('param').id, { waitMs: WAIT_MS });
    if (row.status === 'running') return c.json({ id: row.id, status: 'cancelling' as const }, 202);
    return c.json(toExecutionResource(row, ctx.temporal.namespace), 200);
  });
}
