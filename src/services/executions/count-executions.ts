import { count, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { executions } from '../../db/schema/index.js';

/**
 * Lists count exactly up to here. Counting costs one index entry a row: at 10,000 a page of a busy
 * filter at a million runs spent ~3 ms counting (bench/api-latency.ts), several times the page
 * itself; at 1,000 it is a fraction of a millisecond at any size, and a total past 1,000 is only
 * ever read as "many pages" anyway.
 */
export const COUNT_CAP = 1_000;

/**
 * How many executions match `where`: exact up to COUNT_CAP, else the planner's estimate (never
 * below the cap), so a tenant with a million runs pays for at most COUNT_CAP + 1 index entries
 * instead of a scan of all of them on every page.
 */
export async function countExecutions(db: Db, where: SQL): Promise<{ count: number; exact: boolean }> {
  const capped = db
    .select({ one: sql`1` })
    .from(executions)
    .where(where)
    .limit(COUNT_CAP + 1)
    .as('capped');
  const [row] = await db.select({ n: count() }).from(capped);
  const exact = row?.n ?? 0;
  if (exact <= COUNT_CAP) return { count: exact, exact: true };
  const estimate = await plannedRows(db, sql`select 1 from ${executions} where ${where}`);
  return { count: Math.max(COUNT_CAP + 1, estimate), exact: false };
}

/** The row count the planner expects from `query` (EXPLAIN, not run). */
async function plannedRows(db: Db, query: SQL): Promise<number> {
  const result = await db.execute(sql`explain (format json) ${query}`);
  // postgres.js answers an array of rows, PGlite `{ rows }`; the plan is JSON text or parsed.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
    string,
    unknown
  >[];
  const cell = Object.values(rows[0] ?? {})[0];
  const plan = (typeof cell === 'string' ? JSON.parse(cell) : cell) as { Plan?: { 'Plan Rows'?: number } }[];
  return Math.round(plan[0]?.Plan?.['Plan Rows'] ?? 0);
}
