import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { TimeIdKey } from './cursor-keys.js';

/**
 * A timestamptz column as the UTC text a `TimeIdKey` holds, with all six fractional digits:
 * a key rounded to milliseconds would skip or repeat rows that share the millisecond.
 */
export function microsecondText(column: PgColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Rows strictly after `after` in a list ordered by (time, id) in `order`: one row comparison, which
 * an index ending in (time, id) answers as a range scan.
 */
export function afterTimeId(time: PgColumn, id: PgColumn, order: 'asc' | 'desc', after: TimeIdKey): SQL {
  return order === 'asc'
    ? sql`(${time}, ${id}) > (${after.at}::timestamptz, ${after.id})`
    : sql`(${time}, ${id}) < (${after.at}::timestamptz, ${after.id})`;
}
