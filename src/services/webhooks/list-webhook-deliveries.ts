import { desc, eq } from 'drizzle-orm';
import { webhookDeliveries } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { timeIdKey } from '../lists/cursor-keys.js';
import { keysetPage } from '../lists/keyset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { afterTimeId, microsecondText } from '../lists/time-id-keyset.js';
import { findWebhook, toDeliveryResource } from './webhook-resource.js';

/** A subscription's deliveries, newest first: by offset, or by keyset from a cursor (the table only grows). */
export async function listWebhookDeliveries(ctx: ServiceContext, id: string, query: PageQuery) {
  requirePermission(ctx, 'webhooks:read');
  await findWebhook(ctx.db, ctx.orgId, id);
  const ofSubscription = eq(webhookDeliveries.subscriptionId, id);
  const page = await keysetPage(query, {
    list: 'webhook_deliveries',
    key: timeIdKey,
    rows: ({ after, limit, offset }) =>
      ctx.db
        .select({ row: webhookDeliveries, key: microsecondText(webhookDeliveries.createdAt) })
        .from(webhookDeliveries)
        .where(
          inOrg(
            webhookDeliveries,
            ctx.orgId,
            ofSubscription,
            after && afterTimeId(webhookDeliveries.createdAt, webhookDeliveries.id, 'desc', after),
          ),
        )
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(limit)
        .offset(offset),
    keyOf: ({ key, row }) => ({ at: key, id: row.id }),
    total: () => countRows(ctx.db, webhookDeliveries, inOrg(webhookDeliveries, ctx.orgId, ofSubscription)),
  });
  return { ...page, items: page.items.map(({ row }) => toDeliveryResource(row)) };
}
