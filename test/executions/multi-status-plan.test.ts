import { type SQLWrapper, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionStatus } from '../../src/db/schema/index.js';
import { executionPageQuery } from '../../src/services/executions/execution-page-query.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';

interface Page {
  items: { id: string; status: string; workflow_id: string }[];
  total: number;
  total_exact: boolean;
  next_cursor: string | null;
}

/** One plan node of EXPLAIN (ANALYZE, FORMAT JSON), with the fields read here. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

let t: TestApp;
let account: Account;
let workflowIds: string[];
const ROWS = 20_000;
const PAGE = 10;

beforeAll(async () => {
  t = await createTestApp();
  account = await registerAccount(t.app, 'exec-multi-status');
  const definition = { steps: [{ id: 'noop', type: 'transform', config: { value: 1 } }] };
  workflowIds = [
    await seedPublishedWorkflow(t, account, definition),
    await seedPublishedWorkflow(t, account, definition),
  ];
  await seed(account, workflowIds, ROWS, 'ms');
  // Another tenant's runs of the same statuses, in the same table: no page may show them.
  const stranger = await registerAccount(t.app, 'exec-multi-status-other');
  await seed(stranger, [await seedPublishedWorkflow(t, stranger, definition)], 2_000, 'other');
  await t.deps.database.db.execute(sql`analyze executions`);
});
afterAll(() => t?.close());

/**
 * Read-model rows only, newest first by row number: 2% failed, 1% running, 0.5% cancelled, the
 * rest completed, like a busy tenant. Three runs share each started_at (microseconds included),
 * so runs of different statuses tie on time and the id decides, also across a page boundary.
 */
async function seed(owner: Account, workflows: string[], rows: number, label: string) {
  const workflowArray = sql.join(
    workflows.map((id) => sql`${id}::text`),
    sql`, `,
  );
  await t.deps.database.db.execute(sql`
    insert into executions (id, org_id, workflow_id, workflow_version, status, trigger, started_at)
    select 'exe_' || ${label}::text || lpad(g::text, 6, '0'), ${owner.orgId}, (array[${workflowArray}])[1 + (g / 7) % ${workflows.length}::int], 1,
      case
        when g % 50 = 7 then 'failed'
        when g % 100 = 5 then 'running'
        when g % 200 = 3 then 'cancelled'
        else 'completed'
      end,
      case when g % 3 = 0 then 'webhook' else 'api' end,
      timestamptz '2026-01-01 12:00:00.123457+00' - (g / 3) * interval '1.000001 second'
    from generate_series(1, ${rows}::int) g`);
}

/** What the single `status IN (…)` query answers: the reference the paged lists must equal. */
async function expectedIds(statuses: ExecutionStatus[], workflowId?: string): Promise<string[]> {
  const result = await t.deps.database.db.execute(sql`
    select id from executions
    where org_id = ${account.orgId}
      and status in (${sql.join(
        statuses.map((s) => sql`${s}`),
        sql`, `,
      )})
      ${workflowId ? sql`and workflow_id = ${workflowId}` : sql``}
    order by started_at desc nulls last, id desc nulls last`);
  return rowsOf<{ id: string }>(result).map((row) => row.id);
}

function rowsOf<T>(result: unknown): T[] {
  // postgres.js answers an array of rows, PGlite `{ rows }`.
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

const list = async (query: string) => {
  const response = await call<Page>(t.app, 'GET', `/api/v1/executions?${query}`, { token: account.token });
  expect(response.status, query).toBe(200);
  return response.body;
};

/** Every id of a filtered list, following next_cursor page by page. */
async function followCursor(query: string): Promise<string[]> {
  const ids: string[] = [];
  let page = await list(query);
  ids.push(...page.items.map((item) => item.id));
  while (page.next_cursor) {
    page = await list(`${query}&cursor=${encodeURIComponent(page.next_cursor)}`);
    ids.push(...page.items.map((item) => item.id));
  }
  return ids;
}

async function explainAnalyze(query: SQLWrapper): Promise<PlanNode> {
  const result = await t.deps.database.db.execute(sql`explain (analyze, format json) ${query}`);
  const cell = Object.values(rowsOf<Record<string, unknown>>(result)[0] ?? {})[0];
  const plan = (typeof cell === 'string' ? JSON.parse(cell) : cell) as { Plan: PlanNode }[];
  return (plan[0] as { Plan: PlanNode }).Plan;
}

/**
 * Table and index rows the plan's scans looked at: the rows they passed up plus those their
 * filters threw away, over every loop. A page read in index order looks at about a page per
 * status; a plan that gathers every matching run and sorts them looks at all of them.
 */
function rowsExamined(node: PlanNode): number {
  const own =
    node['Relation Name'] !== undefined || node['Index Name'] !== undefined
      ? (node['Actual Rows'] +
          (node['Rows Removed by Filter'] ?? 0) +
          (node['Rows Removed by Index Recheck'] ?? 0)) *
        node['Actual Loops']
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsExamined(child), 0);
}

const TWO_STATUSES: ExecutionStatus[] = ['running', 'failed'];

describe('multi-status execution pages', () => {
  it('read about a page per status from the index, not every matching run', async () => {
    const db = t.deps.database.db;
    const matching = await expectedIds(TWO_STATUSES);
    // Both statuses together match 3% of the rows: far more than the bound below.
    expect(matching).toHaveLength(ROWS * 0.03);
    const bound = TWO_STATUSES.length * (PAGE + 1);

    const first = await explainAnalyze(
      executionPageQuery(db, account.orgId, { status: TWO_STATUSES }, { limit: PAGE + 1, offset: 0 }),
    );
    expect(rowsExamined(first), JSON.stringify(first)).toBeLessThanOrEqual(bound);

    // Deep in the list by cursor: still a page per status.
    const pivotId = matching[Math.floor(matching.length * 0.9)] as string;
    const pivot = await db.execute(sql`
      select to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as key
      from executions where id = ${pivotId}`);
    const after = { startedAt: (rowsOf<{ key: string }>(pivot)[0] as { key: string }).key, id: pivotId };
    const cursorPage = await explainAnalyze(
      executionPageQuery(db, account.orgId, { status: TWO_STATUSES }, { after, limit: PAGE + 1, offset: 0 }),
    );
    expect(rowsExamined(cursorPage), JSON.stringify(cursorPage)).toBeLessThanOrEqual(bound);

    // Offset pages read offset + a page per status, no more.
    const offset = 3 * PAGE;
    const offsetPage = await explainAnalyze(
      executionPageQuery(db, account.orgId, { status: TWO_STATUSES }, { limit: PAGE + 1, offset }),
    );
    expect(rowsExamined(offsetPage), JSON.stringify(offsetPage)).toBeLessThanOrEqual(
      TWO_STATUSES.length * (offset + PAGE + 1),
    );

    // One workflow's runs of those statuses: a page per status from (org, workflow, status, …).
    const workflowPage = await explainAnalyze(
      executionPageQuery(
        db,
        account.orgId,
        { status: TWO_STATUSES, workflowId: workflowIds[1] },
        { limit: PAGE + 1, offset: 0 },
      ),
    );
    expect(rowsExamined(workflowPage), JSON.stringify(workflowPage)).toBeLessThanOrEqual(bound);
  });

  it('follow the cursor through exactly the rows, in the order, of one status IN (…) query', async () => {
    const expected = await expectedIds(TWO_STATUSES);
    // Runs of the two statuses that start in the same microsecond come from different streams; with
    // 7 a page, some of those ties straddle a page boundary, where the cursor's id must decide.
    const startGroup = (id: string | undefined) => Math.floor(Number(id?.slice(-6)) / 3);
    expect(expected.some((id, i) => i % 7 === 6 && startGroup(id) === startGroup(expected[i + 1]))).toBe(
      true,
    );
    expect(await followCursor('status=running,failed&page_size=7')).toEqual(expected);

    // Three statuses within one workflow: one ordered walk of the workflow's index, same answer.
    const workflowId = workflowIds[1] as string;
    const three: ExecutionStatus[] = ['cancelled', 'running', 'failed'];
    const inWorkflow = await expectedIds(three, workflowId);
    expect(inWorkflow.length).toBeGreaterThan(100);
    expect(
      await followCursor(`status=cancelled,running,failed&workflow_id=${workflowId}&page_size=7`),
    ).toEqual(inWorkflow);
  });

  it('serve offset pages and totals exactly as one status IN (…) query does', async () => {
    const expected = await expectedIds(TWO_STATUSES);
    for (const page of [1, 2, 7, Math.ceil(expected.length / 40)]) {
      const body = await list(`status=failed,running&page=${page}&page_size=40`);
      expect(body.items.map((item) => item.id)).toEqual(expected.slice((page - 1) * 40, page * 40));
      expect(body).toMatchObject({ total: expected.length, total_exact: true });
    }
    expect((await list(`status=failed,running&page=${expected.length / 40 + 1}&page_size=40`)).items).toEqual(
      [],
    );
  });

  it('count a status named twice once, and combine with the trigger filter', async () => {
    const failed = await expectedIds(['failed']);
    const twice = await list('status=failed,failed&page_size=100');
    expect(twice.items.map((item) => item.id)).toEqual(failed.slice(0, 100));
    expect(twice.total).toBe(failed.length);

    const webhookRuns = await t.deps.database.db.execute(sql`
      select id from executions
      where org_id = ${account.orgId} and status in ('running', 'failed') and trigger = 'webhook'
      order by started_at desc, id desc`);
    const expected = rowsOf<{ id: string }>(webhookRuns).map((row) => row.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(await followCursor('status=running,failed&trigger=webhook&page_size=30')).toEqual(expected);
  });
});
