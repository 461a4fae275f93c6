import { listApprovals } from '../../../services/approvals/list-approvals.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CursorPaginationQuery, cursorPaginated, toPageQuery } from '../../schemas/pagination.js';
import { ApprovalListQuery, ApprovalSchema } from './schemas.js';

const route = defineRoute('approvals:read', {
  method: 'get',
  path: '/api/v1/hitl-approvals',
  operationId: 'listApprovals',
  tags: ['HITL Approvals'],
  summary: 'Approval requests, newest first',
  description: 'Every approval request of the organization; filter by status, execution or workflow.',
  request: { query: ApprovalListQuery.extend(CursorPaginationQuery.shape) },
  problems: [],
  responses: {
    200: jsonResponse(cursorPaginated(ApprovalSchema), 'A page of approval requests'),
    ...errorResponses(400),
  },
});

export function registerListApprovalsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const result = await listApprovals(serviceContext(c), {
      ...toPageQuery(query),
      status: query.status,
      executionId: query.execution_id,
      workflowId: query.workflow_id,
    });
    return c.json(result, 200);
  });
}
