import { desc, eq } from 'drizzle-orm';
import { integrationChecks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { timeIdKey } from '../lists/cursor-keys.js';
import { keysetPage } from '../lists/keyset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { afterTimeId, microsecondText } from '../lists/time-id-keyset.js';
import { findIntegration } from './integration-resource.js';
import { toCheckResource } from './perform-health-check.js';

/** The integration's checks, newest first: by offset, or by keyset from a cursor (every check adds a row). */
export async function listHealthHistory(ctx: ServiceContext, id: string, query: PageQuery) {
  requirePermission(ctx, 'integrations:read');
  await findIntegration(ctx.db, ctx.orgId, id);
  const ofIntegration = eq(integrationChecks.integrationId, id);
  const page = await keysetPage(query, {
    list: 'integration_checks',
    key: timeIdKey,
    rows: ({ after, limit, offset }) =>
      ctx.db
        .select({ row: integrationChecks, key: microsecondText(integrationChecks.checkedAt) })
        .from(integrationChecks)
        .where(
          inOrg(
            integrationChecks,
            ctx.orgId,
            ofIntegration,
            after && afterTimeId(integrationChecks.checkedAt, integrationChecks.id, 'desc', after),
          ),
        )
        .orderBy(desc(integrationChecks.checkedAt), desc(integrationChecks.id))
        .limit(limit)
        .offset(offset),
    keyOf: ({ key, row }) => ({ at: key, id: row.id }),
    total: () => countRows(ctx.db, integrationChecks, inOrg(integrationChecks, ctx.orgId, ofIntegration)),
  });
  return { ...page, items: page.items.map(({ row }) => toCheckResource(row)) };
}
