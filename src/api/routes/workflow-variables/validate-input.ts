import { z } from '@hono/zod-openapi';
import { validateWorkflowInput } from '../../../services/workflows/validate-workflow-input.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WorkflowIdParam } from './schemas.js';

const Body = z
  .strictObject({
    input: z
      .record(z.string(), z.unknown())
      .default({})
      .openapi({ example: { customer: 'ada', amount: 12 } }),
  })
  .openapi('ValidateWorkflowInputRequest');

const Result = z
  .object({
    target: z.enum(['published', 'draft']),
    version: z.number().int().nullable().openapi({ description: 'The published version checked against' }),
    valid: z.boolean(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })),
    value: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'The input a run would receive (defaults applied), when valid' }),
  })
  .openapi('WorkflowInputValidation');

const route = defineRoute('workflows:read', {
  method: 'post',
  path: '/api/v1/workflow-variables/{id}/variables/validate',
  operationId: 'validateWorkflowInput',
  tags: ['Workflow Variables'],
  summary: 'Check an input against the variables without running',
  description:
    'The same check an execution makes, against the published version (or the draft with ?target=draft). Answers 200 whether the input is valid or not; 409 when validating a never-published workflow against its published version.',
  'x-resource': 'workflow',
  request: {
    params: WorkflowIdParam,
    query: z.object({ target: z.enum(['published', 'draft']).default('published') }),
    body: jsonBody(Body),
  },
  problems: ['not_found', 'workflow_archived', 'workflow_not_published'],
  responses: { 200: jsonResponse(Result, 'The verdict'), ...errorResponses(400, 404, 409, 413, 415) },
});

export function registerValidateInputRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(
      await validateWorkflowInput(serviceContext(c), c.req.valid('param').id, {
        input: c.req.valid('json').input,
        target: c.req.valid('query').target,
      }),
      200,
    ),
  );
}
