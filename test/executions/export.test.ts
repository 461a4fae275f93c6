import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/services/executions/export-executions.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';
import { insertExecutionRow, parseCsv } from './helpers.js';

type Item = Record<string, unknown> & { id: string };

let t: TestApp;
let api: StandIn;
let account: Account;
let workflowId: string;
const TRICKY = 'comma, "quote"\nand a new line';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  api = await startHttpStandIn();
  account = await registerAccount(t.app, 'exec-export');
  api.on('/echo', (req) => ({ status: 200, body: { got: req.path } }));
  api.on('/nope', () => ({ status: 400 }));
  workflowId = await seedPublishedWorkflow(t, account, {
    variables: { note: { type: 'string' }, fail: { type: 'boolean', default: false } },
    steps: [
      { id: 'call', type: 'http', config: { url: `${api.url}/echo` } },
      {
        id: 'maybe',
        type: 'http',
        when: 'input.fail',
        config: { url: `${api.url}/nope` },
        retry: { max_attempts: 1 },
      },
      { id: 'out', type: 'transform', config: { expression: 'input.note' } },
    ],
  });
  for (const [note, fail] of [
    [TRICKY, false],
    ['-1+2', false],
    ['plain', true],
  ] as const) {
    await waitForOutcome(t, (await launch(t, account, workflowId, { note, fail })).id);
  }
  // Values no step produces: a line break and a formula in a plain-text cell.
  await insertExecutionRow(t, account, workflowId, {
    status: 'failed',
    error: { code: 'BOOM', message: `${FORMULA}\nsecond line` },
    input: { note: '@SUM(A1:A2)' },
    output: null,
    startedAt: new Date(Date.now() - 60_000),
    finishedAt: new Date(Date.now() - 59_000),
  });
  // Another organization's run never appears in this one's export.
  const stranger = await registerAccount(t.app, 'exec-export-stranger');
  const strangerWorkflow = await seedPublishedWorkflow(t, stranger, {
    steps: [{ id: 'x', type: 'transform', config: { value: 1 } }],
  });
  await waitForOutcome(t, (await launch(t, stranger, strangerWorkflow)).id);
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

const listed = async (query = '') =>
  (
    await call<{ items: Item[] }>(t.app, 'GET', `/api/v1/executions?page_size=200${query}`, {
      token: account.token,
    })
  ).body.items;

async function download(query: string) {
  const response = await t.app.request(`/api/v1/export/executions${query}`, {
    headers: { authorization: `Bearer ${account.token}` },
  });
  return { response, text: await response.text() };
}

/** What a spreadsheet would show for a cell we neutralised: the apostrophe is the only change. */
const unprotect = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

describe('GET /export/executions', () => {
  it('streams CSV that parses back (RFC 4180) to exactly what the list shows', async () => {
    const { response, text } = await download('?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="executions-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    const items = await listed();
    expect(items).toHaveLength(4);
    expect(rows.map((r) => r[0])).toEqual(items.map((i) => i.id));
    for (const [index, item] of items.entries()) {
      const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, unprotect(rows[index]?.[i] ?? '')]));
      const error = item.error as { code: string; message: string } | null;
      expect(row).toEqual({
        id: item.id,
        workflow_id: item.workflow_id,
        workflow_version: String(item.workflow_version),
        status: item.status,
        trigger: item.trigger,
        started_at: item.started_at,
        finished_at: item.finished_at ?? '',
        duration_ms: item.duration_ms === null ? '' : String(item.duration_ms),
        error_code: error?.code ?? '',
        error_message: error?.message ?? '',
        input: JSON.stringify(item.input),
        output: item.output === null ? '' : JSON.stringify(item.output),
      });
    }
    // The line break, commas and quotes survived inside their fields.
    expect(rows.some((r) => r.includes(`'${FORMULA}\nsecond line`))).toBe(true);
    expect(rows.some((r) => r.includes(JSON.stringify(TRICKY)))).toBe(true);
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const { text } = await download('?format=csv');
    const cells = parseCsv(text).flat();
    // Every cell that starts with a formula character was prefixed; none slipped through.
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
    expect(cells).toContain(`'${FORMULA}\nsecond line`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")`);
  });

  it('applies the list filters', async () => {
    const { text } = await download('?format=csv&status=failed');
    const rows = parseCsv(text).slice(1);
    expect(rows.map((r) => r[0])).toEqual((await listed('&status=failed')).map((i) => i.id));
    expect(rows).toHaveLength(2);
    const empty = await download(
      `?format=csv&started_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(parseCsv(empty.text)).toEqual([[...CSV_COLUMNS]]);
    const bad = await download('?format=xml');
    expect(bad.response.status).toBe(400);
    expect((await download('?started_before=soon')).response.status).toBe(400);
  });

  it('streams a JSON array of the same resources the list returns', async () => {
    const { response, text } = await download('?format=json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/filename="executions-[\d-]+\.json"/);
    expect(JSON.parse(text)).toEqual(await listed());
    const none = await download(`?format=json&workflow_id=wf_none`);
    expect(JSON.parse(none.text)).toEqual([]);
  });

  it('reads in keyset batches: more rows than one batch come out once each, in order', async () => {
    const many = await registerAccount(t.app, 'exec-export-many');
    const manyWorkflow = await seedPublishedWorkflow(t, many, {
      steps: [{ id: 'x', type: 'transform', config: { value: 1 } }],
    });
    const base = Date.now() - 3_600_000;
    // 1,203 rows (over two batches of 500), several sharing a start time to exercise the id tie-break.
    for (let chunk = 0; chunk < 3; chunk++) {
      await Promise.all(
        Array.from({ length: 401 }, (_, i) =>
          insertExecutionRow(t, many, manyWorkflow, {
            startedAt: new Date(base + Math.floor((chunk * 401 + i) / 3)),
          }),
        ),
      );
    }
    const response = await t.app.request('/api/v1/export/executions?format=json', {
      headers: { authorization: `Bearer ${many.token}` },
    });
    const items = (await response.json()) as Item[];
    expect(items).toHaveLength(1203);
    expect(new Set(items.map((i) => i.id)).size).toBe(1203);
    const keys = items.map((i) => `${i.started_at}|${i.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('needs a login', async () => {
    const response = await t.app.request('/api/v1/export/executions');
    expect(response.status).toBe(401);
  });
});
