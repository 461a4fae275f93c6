import { asc, eq, isNull } from 'drizzle-orm';
import { integrations } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { performHealthCheck } from './perform-health-check.js';

/** Integrations one request checks, and how many at once: the rest wait for their schedules. */
export const CHECK_ALL_MAX = 50;
const CONCURRENCY = 5;

/** Checks every enabled integration of the organization (the first CHECK_ALL_MAX), five at a time. */
export async function checkAllIntegrations(ctx: ServiceContext) {
  requirePermission(ctx, 'integrations:write');
  const where = inOrg(
    integrations,
    ctx.orgId,
    isNull(integrations.deletedAt),
    eq(integrations.enabled, true),
  );
  const [rows, total] = await Promise.all([
    ctx.db.select().from(integrations).where(where).orderBy(asc(integrations.createdAt)).limit(CHECK_ALL_MAX),
    countRows(ctx.db, integrations, where),
  ]);
  const results: {
    integration_id: string;
    name: string;
    ok: boolean;
    status_code: number | null;
    latency_ms: number | null;
    error: string | null;
  }[] = [];
  let next = 0;
  const lane = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      if (!row) return;
      const { check } = await performHealthCheck(ctx, row, 'all');
      results.push({
        integration_id: row.id,
        name: row.name,
        ok: check.ok,
        status_code: check.status_code,
        latency_ms: check.latency_ms,
        error: check.error,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, lane));
  const healthy = results.filter((r) => r.ok).length;
  return {
    checked: results.length,
    healthy,
    failing: results.length - healthy,
    skipped: total - results.length,
    results,
  };
}
