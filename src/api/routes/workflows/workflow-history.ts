import { z } from '@hono/zod-openapi';
import { type AuditActionOn, auditActionsOn } from '../../../services/audit/actions.js';
import { workflowHistory } from '../../../services/workflows/workflow-history.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, idParam, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { WORKFLOW_ID_EXAMPLE } from './schemas.js';

type WorkflowAuditAction = AuditActionOn<'workflow'>;

const HistoryEntry = z
  .object({
    id: z.string(),
    action: z.enum(auditActionsOn('workflow') as [WorkflowAuditAction, ...WorkflowAuditAction[]]).openapi({
      description: 'What happened, from the audit-action catalogue',
      example: 'workflow.publish',
    }),
    actor: z.object({ type: z.enum(['user', 'robot', 'system', 'api_key']), id: z.string().nullable() }),
    at: z.string(),
    details: z.record(z.string(), z.unknown()).openapi({ example: { version: 2, new_version: true } }),
    request_id: z.string().nullable(),
  })
  .openapi('WorkflowHistoryEntry');

const route = defineRoute('workflows:read', {
  method: 'get',
  path: '/api/v1/workflows/{id}/history',
  operationId: 'getWorkflowHistory',
  tags: ['Workflows'],
  summary: 'Audit trail of a workflow, newest first',
  'x-resource': 'workflow',
  request: { params: idParam('id', WORKFLOW_ID_EXAMPLE), query: PaginationQuery },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(paginated(HistoryEntry), 'A page of audit entries'),
    ...errorResponses(400, 404),
  },
});

export function registerWorkflowHistoryRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(
      await workflowHistory(serviceContext(c), c.req.valid('param').id, toPageQuery(c.req.valid('query'))),
      200,
    ),
  );
}
