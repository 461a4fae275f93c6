import { desc, type SQL } from 'drizzle-orm';
import { approvals } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { timeIdKey } from '../lists/cursor-keys.js';
import { keysetPage } from '../lists/keyset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { afterTimeId, microsecondText } from '../lists/time-id-keyset.js';
import { toApprovalResource } from './serialize.js';

/**
 * One page of the organization's approval requests matching `conditions`, newest first, with the
 * total: by offset, or by keyset from a cursor (every run with an approval step adds rows).
 */
export async function approvalPage(ctx: ServiceContext, conditions: (SQL | undefined)[], query: PageQuery) {
  const page = await keysetPage(query, {
    list: 'approvals',
    key: timeIdKey,
    rows: ({ after, limit, offset }) =>
      ctx.db
        .select({ row: approvals, key: microsecondText(approvals.createdAt) })
        .from(approvals)
        .where(
          inOrg(
            approvals,
            ctx.orgId,
            ...conditions,
            after && afterTimeId(approvals.createdAt, approvals.id, 'desc', after),
          ),
        )
        .orderBy(desc(approvals.createdAt), desc(approvals.id))
        .limit(limit)
        .offset(offset),
    keyOf: ({ key, row }) => ({ at: key, id: row.id }),
    total: () => countRows(ctx.db, approvals, inOrg(approvals, ctx.orgId, ...conditions)),
  });
  return { ...page, items: page.items.map(({ row }) => toApprovalResource(row)) };
}
