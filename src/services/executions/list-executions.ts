import { executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { timeIdKey } from '../lists/cursor-keys.js';
import { keysetPage } from '../lists/keyset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { countExecutions } from './count-executions.js';
import { type ExecutionFilters, executionConditions } from './execution-filters.js';
import { type ExecutionKey, executionPageQuery } from './execution-page-query.js';
import type { ExecutionRow } from './launch-execution.js';
import { toExecutionResource } from './serialize.js';

export interface ListExecutionsQuery extends PageQuery {
  filters: ExecutionFilters;
}

/**
 * Executions newest first. Both offset pages and keyset cursors are served; a cursor page is a
 * range scan on an index ending in (started_at desc, id desc), so a deep page costs what the first
 * one does. `total` is exact up to COUNT_CAP matching runs and the planner's estimate beyond
 * (`total_exact` says which): an exact count of a million runs would cost more than the page.
 * Every list of executions (also one workflow's) is this one, so they page and count alike.
 */
export async function listExecutions(ctx: ServiceContext, query: ListExecutionsQuery) {
  requirePermission(ctx, 'executions:read');
  const { total, items, ...page } = await keysetPage(query, {
    list: 'executions',
    key: timeIdKey,
    rows: ({ after, limit, offset }) =>
      executionPageQuery(ctx.db, ctx.orgId, query.filters, {
        after: after && { startedAt: after.at, id: after.id },
        limit,
        offset,
      }),
    keyOf: ({ key, row }) => ({ at: key, id: row.id }),
    total: () => countExecutions(ctx.db, inOrg(executions, ctx.orgId, ...executionConditions(query.filters))),
  });
  return {
    ...page,
    items: items.map(({ row }) => toExecutionResource(row, ctx.temporal.namespace)),
    total: total.count,
    total_exact: total.exact,
  };
}

/**
 * Every matching execution, newest first, read in keyset batches: for exports, which stream any
 * number of rows without an offset scan or one long-held snapshot.
 */
export async function* iterateExecutions(
  ctx: ServiceContext,
  filters: ExecutionFilters,
  batchSize = 500,
): AsyncGenerator<ExecutionRow[]> {
  requirePermission(ctx, 'executions:read');
  let after: ExecutionKey | undefined;
  for (;;) {
    const batch = await executionPageQuery(ctx.db, ctx.orgId, filters, {
      after,
      limit: batchSize,
      offset: 0,
    });
    if (batch.length > 0) yield batch.map(({ row }) => row);
    const last = batch.at(-1);
    if (batch.length < batchSize || !last) return;
    after = { startedAt: last.key, id: last.row.id };
  }
}
