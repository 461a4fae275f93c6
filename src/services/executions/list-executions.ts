import { executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countExecutions } from './count-executions.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { type ExecutionFilters, executionConditions } from './execution-filters.js';
import { type ExecutionKey, executionPageQuery } from './execution-page-query.js';
import type { ExecutionRow } from './launch-execution.js';
import { toExecutionResource } from './serialize.js';

export interface ListExecutionsQuery {
  filters: ExecutionFilters;
  page: number;
  pageSize: number;
  /** From a previous answer's next_cursor: keyset pagination, where `page` no longer applies. */
  cursor?: string;
}

/**
 * Executions newest first. Both offset pages and keyset cursors are served; a cursor page is a
 * range scan on an index ending in (started_at desc, id desc), so a deep page costs what the first
 * one does. `total` is exact up to COUNT_CAP matching runs and the planner's estimate beyond
 * (`total_exact` says which): an exact count of a million runs would cost more than the page.
 */
export async function listExecutions(ctx: ServiceContext, query: ListExecutionsQuery) {
  requirePermission(ctx, 'executions:read');
  const after = query.cursor === undefined ? undefined : decodeExecutionCursor(query.cursor);
  const where = inOrg(executions, ctx.orgId, ...executionConditions(query.filters));
  const [batch, total] = await Promise.all([
    executionPageQuery(ctx.db, ctx.orgId, query.filters, {
      after,
      limit: query.pageSize + 1,
      offset: after ? 0 : (query.page - 1) * query.pageSize,
    }),
    countExecutions(ctx.db, where),
  ]);
  const items = batch.slice(0, query.pageSize);
  const last = items.at(-1);
  return {
    items: items.map(({ row }) => toExecutionResource(row, ctx.temporal.namespace)),
    total: total.count,
    total_exact: total.exact,
    page: query.page,
    page_size: query.pageSize,
    next_cursor: batch.length > query.pageSize && last ? encodeCursor([last.key, last.row.id]) : null,
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

function decodeExecutionCursor(cursor: string): ExecutionKey {
  return decodeCursor(cursor, (key) => {
    if (!Array.isArray(key) || key.length !== 2) return undefined;
    const [startedAt, id] = key as unknown[];
    if (typeof startedAt !== 'string' || typeof id !== 'string') return undefined;
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(startedAt)) return undefined;
    return { startedAt, id };
  });
}
