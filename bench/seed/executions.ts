// Bulk seeding of the executions read model for the list benchmark: one INSERT … SELECT over
// generate_series per batch, so a million rows take seconds rather than a million round trips.
// The mix looks like a busy tenant: mostly completed, 2% failed, 0.5% cancelled, 1% running;
// runs spread over the workflows given, one second apart, newest first by row number.
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';

export interface SeedOptions {
  orgId: string;
  userId: string;
  /** Existing workflows of the organization (foreign keys); runs are spread over them evenly. */
  workflowIds: string[];
  rows: number;
  /** Distinguishes the ids of two seedings in one database. */
  label: string;
  batchSize?: number;
  onProgress?: (done: number) => void;
}

export async function seedExecutions(db: Db, options: SeedOptions): Promise<void> {
  const batch = options.batchSize ?? 100_000;
  const workflows = sql.raw(
    `array[${options.workflowIds.map((id) => `'${id.replace(/'/g, "''")}'`).join(',')}]`,
  );
  for (let from = 1; from <= options.rows; from += batch) {
    const to = Math.min(options.rows, from + batch - 1);
    await db.execute(sql`
      insert into executions (
        id, org_id, workflow_id, workflow_version, status, trigger, input, output, error,
        started_by, started_at, finished_at, created_at, updated_at
      )
      select
        'exe_seed' || ${options.label}::text || lpad(g::text, 8, '0'),
        ${options.orgId}::text,
        (${workflows})[1 + g % ${options.workflowIds.length}::int],
        1,
        s.status,
        case when g % 10 = 0 then 'webhook' when g % 10 = 1 then 'schedule' else 'api' end,
        jsonb_build_object('order', g),
        case when s.status = 'completed' then jsonb_build_object('ok', true) end,
        case when s.status = 'failed' then jsonb_build_object('code', 'step_failed', 'message', 'seeded failure') end,
        ${options.userId}::text,
        t.started_at,
        case when s.status <> 'running' then t.started_at + interval '120 milliseconds' end,
        t.started_at,
        t.started_at
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select now() - g * interval '1 second' as started_at) t
      cross join lateral (
        select case
          when g % 50 = 7 then 'failed'
          when g % 200 = 3 then 'cancelled'
          when g % 100 = 5 then 'running'
          else 'completed'
        end as status
      ) s
    `);
    options.onProgress?.(to);
  }
  // Fresh statistics and an up-to-date visibility map, as autovacuum would leave a table that grew
  // over months: the planner's estimates and index-only scans depend on them.
  await db.execute(sql`vacuum analyze executions`);
}
