import { z } from '@hono/zod-openapi';
import { executeWorkflow, IDEMPOTENCY_KEY_LIMIT } from '../../../services/workflows/execute-workflow.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WORKFLOW_ID_EXAMPLE } from './schemas.js';

const ExecuteBody = z
  .strictObject({
    input: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "Values for the workflow's variables", example: { customer: 'ada' } }),
  })
  .openapi('ExecuteWorkflowRequest');

const Started = z
  .object({
    execution_id: z.string().openapi({ example: 'exe_01JD3Y6S2W8Q9R7T5V4X3Z2A1B' }),
    status: z.string().openapi({ example: 'running' }),
    workflow_id: z.string(),
    workflow_version: z.number().int(),
    temporal: z.object({ namespace: z.string(), workflow_id: z.string(), run_id: z.string().nullable() }),
    created: z
      .boolean()
      .openapi({ description: 'false when the Idempotency-Key had already started this execution' }),
  })
  .openapi('ExecutionStarted');

const route = defineRoute('workflows:execute', {
  method: 'post',
  path: '/api/v1/workflows/{id}/execute',
  operationId: 'executeWorkflow',
  tags: ['Workflows'],
  summary: 'Start an execution of the published version',
  description:
    'Validates the input against the variables of the newest published version (400 lists every field error) and starts the run in Temporal. The same Idempotency-Key answers with the execution it first started (`created: false`), never a second run. Drafts never published and archived workflows answer 409.',
  'x-resource': 'workflow',
  request: {
    params: idParam('id', WORKFLOW_ID_EXAMPLE),
    headers: z.object({
      'idempotency-key': z
        .string()
        .min(1)
        .max(IDEMPOTENCY_KEY_LIMIT)
        .optional()
        .openapi({ description: 'Repeat-safe key chosen by the client', example: 'order-4711-approval' }),
    }),
    body: { required: false, content: { 'application/json': { schema: ExecuteBody } } },
  },
  problems: [
    'idempotency_key_reused',
    'not_found',
    'quota_exceeded',
    'workflow_archived',
    'workflow_not_published',
  ],
  responses: {
    202: jsonResponse(Started, 'Started (or already started with this Idempotency-Key)'),
    ...errorResponses(400, 404, 409, 413, 415, 429),
  },
});

export function registerExecuteWorkflowRoute(app: App) {
  app.openapi(route, async (c) => {
    const ctx = serviceContext(c);
    const body = c.req.valid('json') as z.infer<typeof ExecuteBody>;
    const { execution, created } = await executeWorkflow(ctx, c.req.valid('param').id, {
      input: body.input ?? {},
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    c.header('Location', `/api/v1/executions/${execution.id}`);
    return c.json(
      {
        execution_id: execution.id,
        status: execution.status,
        workflow_id: execution.workflowId,
        workflow_version: execution.workflowVersion,
        temporal: {
          namespace: ctx.temporal.namespace,
          workflow_id: execution.id,
          run_id: execution.temporalRunId,
        },
        created,
      },
      202,
    );
  });
}
