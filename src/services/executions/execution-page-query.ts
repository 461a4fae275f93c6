import { type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { type ExecutionStatus, executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { afterTimeId, microsecondText } from '../lists/time-id-keyset.js';
import { type ExecutionFilters, executionConditions } from './execution-filters.js';

export interface ExecutionKey {
  /** started_at as text with its full microsecond precision: a JS Date would round it to ms. */
  startedAt: string;
  id: string;
}

export interface ExecutionPageBounds {
  /** Keyset: only rows after this one in list order. */
  after?: ExecutionKey;
  limit: number;
  offset: number;
}

/**
 * One page of an organization's executions, newest first, each row with its cursor key.
 *
 * With several statuses, `status IN (a, b)` matches several ranges of the (org, status, started_at,
 * id) index (or of (org, workflow, status, …)), none of them in list order: PostgreSQL would
 * either sort every matching run or walk the whole org's index filtering by status, which costs
 * as much as the list is deep or the statuses rare. So each status gets its own ordered, limited
 * range scan, and the page is the merge of those sorted streams: about a page per status, at any
 * table size. Triggers stay one `IN` filter: no index orders runs of one trigger.
 */
export function executionPageQuery(
  db: Db,
  orgId: string,
  filters: ExecutionFilters,
  page: ExecutionPageBounds,
) {
  const [first, second, ...rest] = statusStreams(filters).map((status) =>
    // Any one status may fill the whole page, and with offset paging everything before it too.
    orderedScan(
      db,
      orgId,
      { ...filters, status: [status] },
      { ...page, limit: page.offset + page.limit, offset: 0 },
    ),
  );
  if (!first || !second) return orderedScan(db, orgId, filters, page);
  // In the union's ORDER BY drizzle names the result's columns, unqualified.
  return unionAll(first, second, ...rest)
    .orderBy(...listOrder())
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * The statuses to read as separate streams, each once (a status named twice would return its rows
 * twice). With a workflow filter too, each stream is a range of (org, workflow, status, started_at,
 * id), which is just as ordered.
 */
function statusStreams(filters: ExecutionFilters): ExecutionStatus[] {
  return [...new Set(filters.status)];
}

function orderedScan(db: Db, orgId: string, filters: ExecutionFilters, page: ExecutionPageBounds) {
  const keyset = page.after
    ? afterTimeId(executions.startedAt, executions.id, 'desc', {
        at: page.after.startedAt,
        id: page.after.id,
      })
    : undefined;
  return db
    .select({ row: executions, key: microsecondText(executions.startedAt) })
    .from(executions)
    .where(inOrg(executions, orgId, ...executionConditions(filters), keyset))
    .orderBy(...listOrder())
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * NULLS LAST like the indexes drizzle-kit generates for `.desc()`; a bare DESC means NULLS FIRST,
 * which no index matches, and PostgreSQL would sort every matching row for each page. New SQL
 * objects on each call: drizzle rewrites a union's ORDER BY chunks in place.
 */
function listOrder(): SQL[] {
  return [sql`${executions.startedAt} desc nulls last`, sql`${executions.id} desc nulls last`];
}
