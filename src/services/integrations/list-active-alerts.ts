import { desc, isNull } from 'drizzle-orm';
import { integrationAlerts } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { toAlertResource } from './integration-resource.js';

/** Open alerts at most one per integration, so the list is bounded by the integrations. */
const MAX_ALERTS = 1000;

/** The organization's open alerts, newest first. */
export async function listActiveAlerts(ctx: ServiceContext) {
  requirePermission(ctx, 'integrations:read');
  const rows = await ctx.db
    .select()
    .from(integrationAlerts)
    .where(inOrg(integrationAlerts, ctx.orgId, isNull(integrationAlerts.resolvedAt)))
    .orderBy(desc(integrationAlerts.openedAt))
    .limit(MAX_ALERTS);
  return { items: rows.map(toAlertResource) };
}
