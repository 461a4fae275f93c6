import { desc, isNull, type SQL, sql } from 'drizzle-orm';
import { type IntegrationStatus, integrations } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { offsetPage } from '../lists/offset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { toIntegrationResource } from './integration-resource.js';

export interface ListIntegrationsQuery extends PageQuery {
  status?: IntegrationStatus;
  enabled?: boolean;
}

/** The organization's integrations, newest first. */
export async function listIntegrations(ctx: ServiceContext, query: ListIntegrationsQuery) {
  requirePermission(ctx, 'integrations:read');
  const conditions: SQL[] = [isNull(integrations.deletedAt)];
  if (query.status) conditions.push(sql`${integrations.status} = ${query.status}`);
  if (query.enabled !== undefined) conditions.push(sql`${integrations.enabled} = ${query.enabled}`);
  const where = inOrg(integrations, ctx.orgId, ...conditions);
  const page = await offsetPage(query, {
    rows: ({ limit, offset }) =>
      ctx.db
        .select()
        .from(integrations)
        .where(where)
        .orderBy(desc(integrations.createdAt), desc(integrations.id))
        .limit(limit)
        .offset(offset),
    total: () => countRows(ctx.db, integrations, where),
  });
  return { ...page, items: page.items.map(toIntegrationResource) };
}
