import { getApproval } from '../../../services/approvals/get-approval.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ApprovalIdParam, ApprovalSchema } from './schemas.js';

const route = defineRoute('approvals:read', {
  method: 'get',
  path: '/api/v1/hitl-approvals/{id}',
  operationId: 'getApproval',
  tags: ['HITL Approvals'],
  summary: 'An approval request',
  description:
    'The request with its decisions so far, who decides at its current level, its form and when it times out.',
  'x-resource': 'approval',
  request: { params: ApprovalIdParam },
  problems: ['not_found'],
  responses: {
    200: jsonResponse(ApprovalSchema, 'The approval request'),
    ...errorResponses(404),
  },
});

export function registerGetApprovalRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getApproval(serviceContext(c), c.req.valid('param').id), 200));
}
