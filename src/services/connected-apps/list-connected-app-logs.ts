import { desc, eq } from 'drizzle-orm';
import { connectedAppEvents } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { timeIdKey } from '../lists/cursor-keys.js';
import { keysetPage } from '../lists/keyset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { afterTimeId, microsecondText } from '../lists/time-id-keyset.js';
import { findConnectedApp } from './app-resource.js';

/** The app's log, newest first: by offset, or by keyset from a cursor (every refresh and sync adds rows). */
export async function listConnectedAppLogs(ctx: ServiceContext, id: string, query: PageQuery) {
  requirePermission(ctx, 'connected_apps:read');
  await findConnectedApp(ctx.db, ctx.orgId, id);
  const ofApp = eq(connectedAppEvents.connectedAppId, id);
  const page = await keysetPage(query, {
    list: 'connected_app_events',
    key: timeIdKey,
    rows: ({ after, limit, offset }) =>
      ctx.db
        .select({ row: connectedAppEvents, key: microsecondText(connectedAppEvents.createdAt) })
        .from(connectedAppEvents)
        .where(
          inOrg(
            connectedAppEvents,
            ctx.orgId,
            ofApp,
            after && afterTimeId(connectedAppEvents.createdAt, connectedAppEvents.id, 'desc', after),
          ),
        )
        .orderBy(desc(connectedAppEvents.createdAt), desc(connectedAppEvents.id))
        .limit(limit)
        .offset(offset),
    keyOf: ({ key, row }) => ({ at: key, id: row.id }),
    total: () => countRows(ctx.db, connectedAppEvents, inOrg(connectedAppEvents, ctx.orgId, ofApp)),
  });
  return {
    ...page,
    items: page.items.map(({ row }) => ({
      id: row.id,
      kind: row.kind,
      detail: row.detail,
      workflow_id: row.workflowId ?? null,
      created_at: row.createdAt.toISOString(),
    })),
  };
}
