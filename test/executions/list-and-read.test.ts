import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

interface ExecutionItem {
  id: string;
  workflow_id: string;
  status: string;
  trigger: string;
  started_at: string;
  [key: string]: unknown;
}
interface Page {
  items: ExecutionItem[];
  total: number;
  page: number;
  page_size: number;
  next_cursor: string | null;
}

let t: TestApp;
let api: StandIn;
let account: Account;
let okWorkflow: string;
let failWorkflow: string;
/** Oldest first: 4 completed runs of okWorkflow, then 3 failed runs of failWorkflow. */
const runs: { id: string; status: string; workflowId: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  api = await startHttpStandIn();
  account = await registerAccount(t.app, 'exec-list');
  api.on('/ok', () => ({ status: 200, body: { fine: true } }));
  api.on('/bad', () => ({ status: 400, body: { error: 'no' } }));
  okWorkflow = await seedPublishedWorkflow(t, account, {
    variables: { n: { type: 'number' } },
    steps: [
      { id: 'call', type: 'http', config: { url: `${api.url}/ok` } },
      { id: 'note', type: 'transform', config: { expression: '"run " & $string(input.n)' } },
    ],
  });
  failWorkflow = await seedPublishedWorkflow(t, account, {
    steps: [
      { id: 'first', type: 'transform', config: { value: 1 } },
      { id: 'broken', type: 'http', config: { url: `${api.url}/bad` }, retry: { max_attempts: 1 } },
    ],
  });
  for (let n = 0; n < 4; n++) {
    const execution = await launch(t, account, okWorkflow, { n });
    runs.push({
      id: execution.id,
      status: (await waitForOutcome(t, execution.id)).status,
      workflowId: okWorkflow,
    });
  }
  for (let n = 0; n < 3; n++) {
    const execution = await launch(t, account, failWorkflow);
    runs.push({
      id: execution.id,
      status: (await waitForOutcome(t, execution.id)).status,
      workflowId: failWorkflow,
    });
  }
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

const list = (query = '', who: Account = account) =>
  call<Page>(t.app, 'GET', `/api/v1/executions${query}`, { token: who.token });
const newestFirst = () => runs.map((r) => r.id).reverse();

describe('GET /executions', () => {
  it('lists the organization’s executions newest first with offset pages', async () => {
    expect(runs.map((r) => r.status)).toEqual([...Array(4).fill('completed'), ...Array(3).fill('failed')]);
    const first = await list('?page=1&page_size=3');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 7, page: 1, page_size: 3 });
    expect(first.body.items.map((i) => i.id)).toEqual(newestFirst().slice(0, 3));
    const third = await list('?page=3&page_size=3');
    expect(third.body.items.map((i) => i.id)).toEqual(newestFirst().slice(6));
    expect(third.body.next_cursor).toBeNull();
    expect(first.body.items[0]).toMatchObject({
      workflow_id: failWorkflow,
      status: 'failed',
      trigger: 'manual',
      error: { code: 'HTTP_400', step_id: 'broken' },
      temporal: { workflow_id: first.body.items[0]?.id },
    });
    // Another organization sees none of them.
    const stranger = await registerAccount(t.app, 'exec-list-stranger');
    expect((await list('', stranger)).body).toMatchObject({ items: [], total: 0 });
  });

  it('follows next_cursor across pages without duplicates or gaps, even as new runs start', async () => {
    const seen: string[] = [];
    let page = await list('?page_size=2');
    seen.push(...page.body.items.map((i) => i.id));
    // A run started mid-pagination is newer than every cursor: it must not shift later pages.
    const late = await launch(t, account, okWorkflow, { n: 99 });
    await waitForOutcome(t, late.id);
    while (page.body.next_cursor) {
      page = await list(`?page_size=2&cursor=${encodeURIComponent(page.body.next_cursor)}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i) => i.id));
    }
    expect(seen).toEqual(newestFirst());
    expect((await list()).body.total).toBe(8);
    runs.push({ id: late.id, status: 'completed', workflowId: okWorkflow });
  });

  it('filters by status (one or several), workflow, trigger and start time', async () => {
    const failed = await list('?status=failed');
    expect(failed.body.items.map((i) => i.id).sort()).toEqual(
      runs
        .filter((r) => r.status === 'failed')
        .map((r) => r.id)
        .sort(),
    );
    expect((await list('?status=failed,completed')).body.total).toBe(runs.length);
    expect((await list('?status=running')).body.total).toBe(0);
    expect((await list(`?workflow_id=${okWorkflow}`)).body.total).toBe(
      runs.filter((r) => r.workflowId === okWorkflow).length,
    );
    expect((await list('?trigger=manual')).body.total).toBe(runs.length);
    expect((await list('?trigger=retry,schedule')).body.total).toBe(0);

    const all = (await list('?page_size=100')).body.items;
    const pivot = all[3] as ExecutionItem; // the 4th newest
    const after = await list(`?page_size=100&started_after=${encodeURIComponent(pivot.started_at)}`);
    expect(after.body.items.map((i) => i.id)).toEqual(all.slice(0, 4).map((i) => i.id));
    const before = await list(`?page_size=100&started_before=${encodeURIComponent(pivot.started_at)}`);
    expect(before.body.items.map((i) => i.id)).toEqual(all.slice(4).map((i) => i.id));
    // Filters and cursors combine.
    const firstFailed = await list('?status=failed&page_size=1');
    const secondFailed = await list(`?status=failed&page_size=1&cursor=${firstFailed.body.next_cursor}`);
    expect(secondFailed.body.items[0]?.status).toBe('failed');
    expect(secondFailed.body.items[0]?.id).not.toBe(firstFailed.body.items[0]?.id);
  });

  it('answers 400 for bad dates, statuses and cursors', async () => {
    for (const query of [
      '?started_after=yesterday',
      '?started_before=2026-13-01T00:00:00Z',
      '?status=exploded',
      '?status=failed,nope',
      '?trigger=robot',
      '?cursor=not-a-cursor',
      `?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
      '?page_size=1000',
    ]) {
      const response = await list(query);
      expect(response.status, query).toBe(400);
      expect(response.body, query).toMatchObject({ code: 'validation_failed' });
    }
  });
});

describe('GET /executions/{id}', () => {
  it('returns the execution with its steps in the order they ran', async () => {
    const failed = runs.find((r) => r.status === 'failed') as { id: string };
    const response = await call<ExecutionItem & { steps: Record<string, unknown>[] }>(
      t.app,
      'GET',
      `/api/v1/executions/${failed.id}`,
      { token: account.token },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: failed.id, status: 'failed', workflow_version: 1 });
    expect(response.body.steps).toEqual([
      expect.objectContaining({
        path: 'first',
        step_id: 'first',
        type: 'transform',
        status: 'completed',
        output: 1,
      }),
      expect.objectContaining({
        path: 'broken',
        type: 'http',
        status: 'failed',
        attempts: 1,
        output: null,
        error: expect.objectContaining({ code: 'HTTP_400' }),
      }),
    ]);
    const step = response.body.steps[1] as { started_at: string; finished_at: string; duration_ms: number };
    expect(step.duration_ms).toBe(Date.parse(step.finished_at) - Date.parse(step.started_at));
  });

  it('is also served at /workflows/executions/{executionId}, not taken for a workflow id', async () => {
    const run = runs[0] as { id: string };
    const direct = await call(t.app, 'GET', `/api/v1/executions/${run.id}`, { token: account.token });
    const alias = await call(t.app, 'GET', `/api/v1/workflows/executions/${run.id}`, {
      token: account.token,
    });
    expect(alias.status).toBe(200);
    expect(alias.body).toEqual(direct.body);
    const missing = await call(t.app, 'GET', '/api/v1/workflows/executions/exe_missing', {
      token: account.token,
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'not_found', detail: 'Execution not found' });
  });
});

describe('GET /executions/{id}/logs', () => {
  interface LogPage {
    items: { id: number; level: string; step_id: string | null; message: string; at: string }[];
    total: number;
    next_cursor: string | null;
  }
  const logs = (id: string, query = '') =>
    call<LogPage>(t.app, 'GET', `/api/v1/executions/${id}/logs${query}`, { token: account.token });

  it('lists entries in order and filters by minimum level, step and position', async () => {
    const failed = runs.find((r) => r.status === 'failed') as { id: string };
    const all = await logs(failed.id);
    expect(all.status).toBe(200);
    const ids = all.body.items.map((l) => l.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(all.body.items.at(-1)).toMatchObject({ level: 'error', message: 'Execution failed' });
    expect(all.body.items.some((l) => l.step_id === 'broken' && l.level === 'error')).toBe(true);

    const errors = await logs(failed.id, '?level=error');
    expect(errors.body.items.length).toBeGreaterThan(0);
    expect(errors.body.items.every((l) => l.level === 'error')).toBe(true);
    const warnings = await logs(failed.id, '?level=warn');
    expect(warnings.body.items.map((l) => l.id)).toEqual(
      all.body.items.filter((l) => l.level === 'warn' || l.level === 'error').map((l) => l.id),
    );
    const byStep = await logs(failed.id, '?step_id=broken');
    expect(byStep.body.items.length).toBeGreaterThan(0);
    expect(byStep.body.items.every((l) => l.step_id === 'broken')).toBe(true);

    const firstId = ids[0] as number;
    const tail = await logs(failed.id, `?after=${firstId}`);
    expect(tail.body.items.map((l) => l.id)).toEqual(ids.slice(1));
    expect((await logs(failed.id, `?after=${ids.at(-1)}`)).body.items).toEqual([]);
  });

  it('pages by cursor and by page number alike', async () => {
    const failed = runs.find((r) => r.status === 'failed') as { id: string };
    const all = (await logs(failed.id)).body.items.map((l) => l.id);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const seen: number[] = [];
    let page = await logs(failed.id, '?page_size=1');
    seen.push(...page.body.items.map((l) => l.id));
    while (page.body.next_cursor) {
      page = await logs(failed.id, `?page_size=1&cursor=${page.body.next_cursor}`);
      seen.push(...page.body.items.map((l) => l.id));
    }
    expect(seen).toEqual(all);
    expect((await logs(failed.id, '?page_size=1&page=2')).body.items.map((l) => l.id)).toEqual([all[1]]);
  });

  it('answers 404 for another organization’s execution', async () => {
    const stranger = await registerAccount(t.app, 'exec-logs-stranger');
    const response = await call(t.app, 'GET', `/api/v1/executions/${runs[0]?.id}/logs`, {
      token: stranger.token,
    });
    expect(response.status).toBe(404);
  });
});
