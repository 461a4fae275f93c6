import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_CAP } from '../../src/services/executions/count-executions.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';

interface Page {
  items: { id: string; status: string; started_at: string }[];
  total: number;
  total_exact: boolean;
  next_cursor: string | null;
}

let t: TestApp;
let account: Account;
const ROWS = COUNT_CAP + 500;
/** Every 10th seeded run failed, so the failed filter matches ROWS / 10, under the cap. */
const FAILED = ROWS / 10;

beforeAll(async () => {
  t = await createTestApp();
  account = await registerAccount(t.app, 'exec-count');
  const workflowId = await seedPublishedWorkflow(t, account, {
    steps: [{ id: 'noop', type: 'transform', config: { value: 1 } }],
  });
  // Read-model rows only (no Temporal runs): what a list counts, more of them than the cap.
  await t.deps.database.db.execute(sql`
    insert into executions (id, org_id, workflow_id, workflow_version, status, started_at)
    select 'exe_count' || lpad(g::text, 6, '0'), ${account.orgId}, ${workflowId}, 1,
      case when g % 10 = 0 then 'failed' else 'completed' end,
      now() - g * interval '1 second'
    from generate_series(1, ${ROWS}::int) g`);
  await t.deps.database.db.execute(sql`analyze executions`);
});
afterAll(() => t?.close());

const list = async (query: string) => {
  const response = await call<Page>(t.app, 'GET', `/api/v1/executions?${query}`, { token: account.token });
  expect(response.status).toBe(200);
  return response.body;
};

describe('execution list totals', () => {
  it('counts exactly up to the cap and says so', async () => {
    const page = await list('status=failed&page_size=5');
    expect(page).toMatchObject({ total: FAILED, total_exact: true });
    expect(page.items.map((item) => item.status)).toEqual(Array(5).fill('failed'));
  });

  it('estimates beyond the cap, never below it, and pages still reach the last run', async () => {
    const first = await list('page_size=100');
    expect(first.total_exact).toBe(false);
    expect(first.total).toBeGreaterThan(COUNT_CAP);
    // The planner's estimate after ANALYZE is close to the truth, not merely "more than the cap".
    expect(Math.abs(first.total - ROWS)).toBeLessThan(ROWS * 0.1);

    // Offset pages still reach the true end, whatever the estimate says.
    const last = await list(`page_size=100&page=${ROWS / 100}`);
    expect(last.items).toHaveLength(100);
    expect(last.items.at(-1)?.id).toBe(`exe_count${String(ROWS).padStart(6, '0')}`);
    expect(last.next_cursor).toBeNull();
    expect((await list(`page_size=100&page=${ROWS / 100 + 1}`)).items).toHaveLength(0);
  });
});
