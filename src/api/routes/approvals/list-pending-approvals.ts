import { listPendingApprovals } from '../../../services/approvals/list-pending-approvals.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CursorPaginationQuery, cursorPaginated, toPageQuery } from '../../schemas/pagination.js';
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
  request: { query: CursorPaginationQuery },
  problems: [],
  responses: {
    200: jsonResponse(cursorPaginated(ApprovalSchema), 'A page of approval requests waiting for you'),
    ...errorResponses(400),
  },
});

export function registerListPendingApprovalsRoute(app: App) {
  app.openapi(route, async (c) => {
    return c.json(await listPendingApprovals(serviceContext(c), toPageQuery(c.req.valid('query'))), 200);
  });
}
