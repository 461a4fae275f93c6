import { listPendingApprovals } from '../../../services/approvals/list-pending-approvals.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse, PaginationQuery, paginated } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ApprovalSchema } from './schemas.js';

const route = defineRoute('approvals:read', {
  method: 'get',
  path: '/api/v1/hitl-approvals/pending',
  operationId: 'listPendingApprovals',
  tags: ['HITL Approvals'],
  summary: 'Open requests you may decide',
  description:
    'Pending requests addressed to you or to one of your roles at their current level, that you have not ' +
    'decided yet; requests of runs you started are left out unless their step allows self-approval.',
  request: { query: PaginationQuery },
  problems: [],
  responses: {
    200: jsonResponse(paginated(ApprovalSchema), 'A page of approval requests waiting for you'),
    ...errorResponses(400),
  },
});

export function registerListPendingApprovalsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const result = await listPendingApprovals(serviceContext(c), {
      page: query.page,
      pageSize: query.page_size,
    });
    return c.json(result, 200);
  });
}
