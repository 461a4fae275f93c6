// EXPLAIN ANALYZE of the queries a claim runs against agent_tasks, in their SQL shape as drizzle
// sends them (src/services/agent-tasks/claim-agent-task.ts and keep-queue-alive.ts), inside a
// transaction that is rolled back (FOR UPDATE takes row locks).
import { sql } from 'drizzle-orm';
import type { Database } from '../../../src/db/client.js';

export interface PlanSummary {
  query: string;
  /** The plan's node lines, indented as PostgreSQL prints them. */
  plan: string[];
  executionMs: number;
}

const QUERIES = {
  'claim: oldest matching pending task': (orgId: string) => sql`
    select id from agent_tasks
    where org_id = ${orgId} and status = 'pending'
      and required_labels <@ '[]'::jsonb and required_capabilities <@ '[]'::jsonb
    order by created_at asc, id asc limit 1 for update skip locked`,
  'claim: tasks the robot holds': (orgId: string) => sql`
    select count(*) from agent_tasks
    where org_id = ${orgId} and agent_id = 'agt_none' and status = 'claimed'`,
  'keep-alive: queued tasks quiet longest': (orgId: string) => sql`
    select * from agent_tasks
    where org_id = ${orgId} and status = 'pending'
      and coalesce(last_heartbeat_at, created_at) < now() - interval '1 second'
    order by coalesce(last_heartbeat_at, created_at) asc limit 100`,
};

/**
 * The keep-alive's index (migration 0005 adds it to the schema): created inside the EXPLAIN's
 * transaction when missing, so a database without it shows the difference, and rolled back with it.
 */
export const PROPOSED_KEEP_ALIVE_INDEX = sql`
  create index if not exists agent_tasks_pending_quiet_idx on agent_tasks
  (org_id, coalesce(last_heartbeat_at, created_at)) where status = 'pending'`;

export async function explainClaimQueries(
  database: Database,
  orgId: string,
  options: { withProposedIndex?: boolean } = {},
): Promise<PlanSummary[]> {
  const summaries: PlanSummary[] = [];
  for (const [query, build] of Object.entries(QUERIES)) {
    if (options.withProposedIndex && !query.startsWith('keep-alive')) continue;
    const lines = await database.db
      .transaction(async (tx) => {
        if (options.withProposedIndex) {
          await tx.execute(PROPOSED_KEEP_ALIVE_INDEX);
          await tx.execute(sql`analyze agent_tasks`);
        }
        const result = await tx.execute(sql`explain (analyze, buffers) ${build(orgId)}`);
        const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
          string,
          string
        >[];
        throw new Rollback(rows.map((row) => Object.values(row)[0] as string));
      })
      .catch((error: unknown) => {
        if (error instanceof Rollback) return error.lines;
        throw error;
      });
    const time = lines.find((line) => line.startsWith('Execution Time'));
    summaries.push({
      query: options.withProposedIndex ? `${query}, with the proposed index` : query,
      plan: lines.filter((line) => !/^(Planning|Execution) Time/.test(line) && !/^\s*Buffers/.test(line)),
      executionMs: time ? Number.parseFloat(time.replace(/[^\d.]/g, '')) : Number.NaN,
    });
  }
  return summaries;
}

/** Ends the transaction without keeping its locks. */
class Rollback extends Error {
  constructor(readonly lines: string[]) {
    super('rollback');
  }
}
