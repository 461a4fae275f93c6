import { desc, isNull } from 'drizzle-orm';
import { connectedApps } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { offsetPage } from '../lists/offset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { findConnectedApp, toConnectedAppResource } from './app-resource.js';

/** The organization's connected apps, newest first. */
export async function listConnectedApps(ctx: ServiceContext, query: PageQuery) {
  requirePermission(ctx, 'connected_apps:read');
  const where = inOrg(connectedApps, ctx.orgId, isNull(connectedApps.deletedAt));
  const page = await offsetPage(query, {
    rows: ({ limit, offset }) =>
      ctx.db
        .select()
        .from(connectedApps)
        .where(where)
        .orderBy(desc(connectedApps.createdAt), desc(connectedApps.id))
        .limit(limit)
        .offset(offset),
    total: () => countRows(ctx.db, connectedApps, where),
  });
  return { ...page, items: page.items.map(toConnectedAppResource) };
}

export async function getConnectedApp(ctx: ServiceContext, id: string) {
  requirePermission(ctx, 'connected_apps:read');
  return toConnectedAppResource(await findConnectedApp(ctx.db, ctx.orgId, id));
}
