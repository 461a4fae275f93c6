import { desc, isNull, type SQL, sql } from 'drizzle-orm';
import { webhookSubscriptions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { offsetPage } from '../lists/offset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { toWebhookResource } from './webhook-resource.js';

export interface ListWebhooksQuery extends PageQuery {
  enabled?: boolean;
}

/** The organization's subscriptions, newest first. */
export async function listWebhooks(ctx: ServiceContext, query: ListWebhooksQuery) {
  requirePermission(ctx, 'webhooks:read');
  const conditions: SQL[] = [isNull(webhookSubscriptions.deletedAt)];
  if (query.enabled !== undefined) conditions.push(sql`${webhookSubscriptions.enabled} = ${query.enabled}`);
  const where = inOrg(webhookSubscriptions, ctx.orgId, ...conditions);
  const page = await offsetPage(query, {
    rows: ({ limit, offset }) =>
      ctx.db
        .select()
        .from(webhookSubscriptions)
        .where(where)
        .orderBy(desc(webhookSubscriptions.createdAt), desc(webhookSubscriptions.id))
        .limit(limit)
        .offset(offset),
    total: () => countRows(ctx.db, webhookSubscriptions, where),
  });
  return { ...page, items: page.items.map(toWebhookResource) };
}
