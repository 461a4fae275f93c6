import { requirePermission, type ServiceContext } from '../context.js';
import {
  type AlertResource,
  findIntegration,
  findOpenAlert,
  type IntegrationResource,
  toAlertResource,
  toIntegrationResource,
} from './integration-resource.js';

export async function getIntegration(
  ctx: ServiceContext,
  id: string,
): Promise<IntegrationResource & { open_alert: AlertResource | null }> {
  requirePermission(ctx, 'integrations:read');
  const row = await findIntegration(ctx.db, ctx.orgId, id);
  const open = await findOpenAlert(ctx.db, ctx.orgId, id);
  return { ...toIntegrationResource(row), open_alert: open ? toAlertResource(open) : null };
}
