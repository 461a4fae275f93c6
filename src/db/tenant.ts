import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * The WHERE clause of every tenant query: the organization filter first, then the caller's
 * conditions. Written once so that leaving out the org filter takes effort, not forgetfulness.
 */
export function inOrg(table: { orgId: PgColumn }, orgId: string, ...conditions: (SQL | undefined)[]): SQL {
  return and(eq(table.orgId, orgId), ...conditions) as SQL;
}
