import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm';
import { integrationChecks, integrations } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { toIntegrationResource } from './integration-resource.js';
import { listActiveAlerts } from './list-active-alerts.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_INTEGRATIONS = 500;

const uptime = (ok: number, all: number) => (all === 0 ? null : Math.round((ok / all) * 10000) / 100);

/**
 * Every integration with its state, last latency, uptime over 24 h and 7 d (the share of its
 * checks that passed, counted in SQL; null with no checks) and its open alert.
 */
export async function integrationsDashboard(ctx: ServiceContext) {
  requirePermission(ctx, 'integrations:read');
  const now = ctx.clock().getTime();
  const day = new Date(now - DAY_MS).toISOString();
  const week = new Date(now - 7 * DAY_MS).toISOString();
  const checkedSince = (since: string) => sql`${integrationChecks.checkedAt} >= ${since}::timestamptz`;
  const rows = await ctx.db
    .select({
      row: integrations,
      all24: sql<number>`count(${integrationChecks.id}) filter (where ${checkedSince(day)})::int`,
      ok24: sql<number>`count(${integrationChecks.id}) filter (where ${integrationChecks.ok} and ${checkedSince(day)})::int`,
      all7: sql<number>`count(${integrationChecks.id})::int`,
      ok7: sql<number>`count(${integrationChecks.id}) filter (where ${integrationChecks.ok})::int`,
    })
    .from(integrations)
    .leftJoin(
      integrationChecks,
      and(
        eq(integrationChecks.orgId, integrations.orgId),
        eq(integrationChecks.integrationId, integrations.id),
        gte(integrationChecks.checkedAt, sql`${week}::timestamptz`),
      ),
    )
    .where(inOrg(integrations, ctx.orgId, isNull(integrations.deletedAt)))
    .groupBy(integrations.id)
    .orderBy(asc(integrations.name))
    .limit(MAX_INTEGRATIONS);
  const alerts = new Map((await listActiveAlerts(ctx)).items.map((alert) => [alert.integration_id, alert]));
  const items = rows.map(({ row, all24, ok24, all7, ok7 }) => ({
    ...toIntegrationResource(row),
    uptime_24h: uptime(ok24, all24),
    uptime_7d: uptime(ok7, all7),
    open_alert: alerts.get(row.id) ?? null,
  }));
  return {
    total: items.length,
    healthy: items.filter((i) => i.status === 'healthy').length,
    failing: items.filter((i) => i.status === 'failing').length,
    unknown: items.filter((i) => i.status === 'unknown').length,
    open_alerts: alerts.size,
    items,
  };
}
