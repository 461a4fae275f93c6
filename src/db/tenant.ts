import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

/** A table that belongs to tenants: every row carries the organization that owns it. */
export type OrgTable = PgTable & { orgId: PgColumn };

/**
 * The WHERE clause of every tenant query: the organization filter first, then the caller's
 * conditions. Written once so that leaving out the org filter takes effort, not forgetfulness.
 */
export function inOrg(table: { orgId: PgColumn }, orgId: string, ...conditions: (SQL | undefined)[]): SQL {
  return and(eq(table.orgId, orgId), ...conditions) as SQL;
}

/**
 * An UPDATE that can only reach the organization's own rows: the org is a parameter, not a
 * condition the caller has to remember. Chain `.returning()` as with `db.update`.
 */
export function updateInOrg<T extends OrgTable>(
  db: Db,
  table: T,
  orgId: string,
  where: SQL | undefined,
  set: PgUpdateSetSource<T>,
) {
  return db
    .update(table)
    .set(set)
    .where(inOrg(table, orgId, where));
}

type SoftDeletable = OrgTable & { id: PgColumn; deletedAt: PgColumn; updatedAt: PgColumn };

/**
 * Marks one row of an organization deleted (`deleted_at` and `updated_at` set to `at`, plus what
 * else the resource clears, such as a robot's token hash): the soft delete every resource uses.
 */
export function softDeleteInOrg<T extends SoftDeletable>(
  db: Db,
  table: T,
  orgId: string,
  id: string,
  at: Date,
  also: PgUpdateSetSource<T> = {},
) {
  // The cast: TypeScript cannot see that every T in SoftDeletable has these two keys in its set source.
  const stamps = { deletedAt: at, updatedAt: at } as PgUpdateSetSource<T>;
  return updateInOrg(db, table, orgId, eq(table.id, id), { ...also, ...stamps });
}
