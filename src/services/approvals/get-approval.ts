import { requirePermission, type ServiceContext } from '../context.js';
import { findApproval } from './find-approval.js';
import { toApprovalResource } from './serialize.js';

export async function getApproval(ctx: ServiceContext, id: string) {
  requirePermission(ctx, 'approvals:read');
  return toApprovalResource(await findApproval(ctx, id));
}
