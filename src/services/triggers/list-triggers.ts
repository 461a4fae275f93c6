import { desc, eq, isNull, type SQL } from 'drizzle-orm';
import { type TriggerType, triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { offsetPage } from '../lists/offset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { findTrigger } from './find-trigger.js';
import { describeTrigger, type TriggerResource } from './trigger-resource.js';

export interface ListTriggersQuery extends PageQuery {
  type?: TriggerType;
  enabled?: boolean;
  workflowId?: string;
}

export async function listTriggers(ctx: ServiceContext, query: ListTriggersQuery) {
  const { secrets } = ctx;
  requirePermission(ctx, 'triggers:read');
  const conditions: SQL[] = [isNull(triggers.deletedAt)];
  if (query.type) conditions.push(eq(triggers.type, query.type));
  if (query.enabled !== undefined) conditions.push(eq(triggers.enabled, query.enabled));
  if (query.workflowId) conditions.push(eq(triggers.workflowId, query.workflowId));
  const where = inOrg(triggers, ctx.orgId, ...conditions);
  const page = await offsetPage(query, {
    rows: ({ limit, offset }) =>
      ctx.db
        .select()
        .from(triggers)
        .where(where)
        .orderBy(desc(triggers.createdAt), desc(triggers.id))
        .limit(limit)
        .offset(offset),
    total: () => countRows(ctx.db, triggers, where),
  });
  const items: TriggerResource[] = page.items.map((row) => describeTrigger(row, secrets.masterKey));
  return { ...page, items };
}

export async function getTrigger(ctx: ServiceContext, id: string): Promise<TriggerResource> {
  const { secrets } = ctx;
  requirePermission(ctx, 'triggers:read');
  return describeTrigger(await findTrigger(ctx.db, ctx.orgId, id), secrets.masterKey);
}
