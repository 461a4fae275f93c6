import type { App } from '../../env.js';
import { registerDecideApprovalRoutes } from './decide-approval.js';
import { registerGetApprovalRoute } from './get-approval.js';
import { registerListApprovalsRoute } from './list-approvals.js';
import { registerListPendingApprovalsRoute } from './list-pending-approvals.js';

export function registerApprovalsRoutes(app: App) {
  registerListApprovalsRoute(app);
  // Before `{id}`: `pending` is not an approval id.
  registerListPendingApprovalsRoute(app);
  registerGetApprovalRoute(app);
  registerDecideApprovalRoutes(app);
}
