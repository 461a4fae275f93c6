import { count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { type TriggerType, triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findTrigger } from './find-trigger.js';
import { describeTrigger, type TriggerResource } from './trigger-resource.js';

export interface ListTriggersQuery {
  page: number;
  page_size: number;
  type?: TriggerType;
  enabled?: boolean;
  workflow_id?: string;
}

export async function listTriggers(ctx: ServiceContext, query: ListTriggersQuery) {
  const { secrets } = ctx;
  requirePermission(ctx, 'triggers:read');
  const conditions: SQL[] = [isNull(triggers.deletedAt)];
  if (query.type) conditions.push(eq(triggers.type, query.type));
  if (query.enabled !== undefined) conditions.push(eq(triggers.enabled, query.enabled));
  if (query.workflow_id) conditions.push(eq(triggers.workflowId, query.workflow_id));
  const where = inOrg(triggers, ctx.orgId, ...conditions);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(triggers)
      .where(where)
      .orderBy(desc(triggers.createdAt), desc(triggers.id))
      .limit(query.page_size)
      .offset((query.page - 1) * query.page_size),
    ctx.db.select({ n: count() }).from(triggers).where(where),
  ]);
  const items: TriggerResource[] = rows.map((row) => describeTrigger(row, secrets.masterKey));
  return { items, total: total?.n ?? 0, page: query.page, page_size: query.page_size };
}

export async function getTrigger(ctx: ServiceContext, id: string): Promise<TriggerResource> {
  const { secrets } = ctx;
  requirePermission(ctx, 'triggers:read');
  return describeTrigger(await findTrigger(ctx.db, ctx.orgId, id), secrets.masterKey);
}
