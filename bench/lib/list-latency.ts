// GET /executions latency at two table sizes: the same queries for a tenant with 1,000 runs and for
// one with a million, measured one request at a time (the stack is otherwise idle), alternating.

import { sql } from 'drizzle-orm';
import { MAX_PAGE } from '../../src/api/schemas/pagination.js';
import { executionPageQuery } from '../../src/services/executions/execution-page-query.js';
import { encodeCursor } from '../../src/services/lists/cursor.js';
import { timeIdKey } from '../../src/services/lists/cursor-keys.js';
import { seedExecutions } from '../seed/executions.js';
import { createPublishedWorkflow } from './api-client.js';
import type { BenchRow } from './report.js';
import type { Stack } from './stack.js';
import { percentile } from './stats.js';

const SAMPLES = Number(process.env.LIST_SAMPLES ?? 200);
const WARMUP = 20;
const SMALL = 1000;
const TARGET_RATIO = 1.5;
const WORKFLOWS = 10;

interface Tenant {
  rows: number;
  token: string;
  orgId: string;
  workflowIds: string[];
}

interface ListQuery {
  name: string;
  /** The query string for a tenant (cursors depend on its rows). */
  build(tenant: Tenant): Promise<string>;
  /** Offset pages deep in a million rows are kept for comparison; cursors are the answer there. */
  informational?: boolean;
}

export async function measureLists(stack: Stack, bigRows: number, runs: number) {
  const small = await tenant(stack, 'list-small', SMALL);
  const big = await tenant(stack, 'list-big', bigRows);
  const queries = listQueries(stack);
  const times = new Map<string, { small: number[]; big: number[] }>();
  const built = new Map<string, { small: string; big: string }>();
  for (const query of queries) {
    built.set(query.name, { small: await query.build(small), big: await query.build(big) });
    times.set(query.name, { small: [], big: [] });
  }
  for (let run = 0; run < runs; run += 1) {
    for (const query of queries) {
      const qs = built.get(query.name) as { small: string; big: string };
      const entry = times.get(query.name) as { small: number[]; big: number[] };
      entry.small.push(...(await sample(stack, small, qs.small)));
      entry.big.push(...(await sample(stack, big, qs.big)));
    }
  }
  const rows: BenchRow[] = [];
  for (const query of queries) {
    const { small: s, big: b } = times.get(query.name) as { small: number[]; big: number[] };
    for (const p of [50, 99]) {
      const value = percentile(b, p);
      const base = percentile(s, p);
      rows.push({
        metric: `GET /executions ${query.name}: p${p} at ${bigRows.toLocaleString('en')} rows`,
        value,
        unit: 'ms',
        baseline: { name: `the same at ${SMALL.toLocaleString('en')} rows`, value: base },
        ratio: { value: value / base, meaning: `${bigRows.toLocaleString('en')} rows / 1,000 rows` },
        ...(query.informational
          ? {}
          : {
              target: { text: `≤ ${TARGET_RATIO}× the 1,000-row figure`, met: value / base <= TARGET_RATIO },
            }),
      });
    }
  }
  const notes = [
    `Lists: one request at a time from the stack's own process (the same client cost at both sizes), ${SAMPLES} samples per query ` +
      `after ${WARMUP} warm-up requests, ${runs} alternating rounds; page_size 50. Seeded by bench/seed/executions.ts ` +
      '(one INSERT … SELECT generate_series per 100,000 rows, then VACUUM ANALYZE): 2% failed, 0.5% cancelled, 1% running, ' +
      `the rest completed, over ${WORKFLOWS} workflows; the 1,000-row tenant lives in the same table as the million-row one.`,
    ...(await explainDeepQueries(stack, big)),
  ];
  return { rows, notes };
}

async function tenant(stack: Stack, label: string, rows: number): Promise<Tenant> {
  const { token, orgId, userId } = await stack.register(label);
  const workflowIds: string[] = [];
  for (let i = 0; i < WORKFLOWS; i += 1) {
    workflowIds.push(
      await createPublishedWorkflow(stack.apiUrl, token, `${label} ${i}`, {
        steps: [{ id: 'noop', type: 'transform', config: { expression: '1' } }],
      }),
    );
  }
  const started = performance.now();
  await seedExecutions(stack.deps.database.db, {
    orgId,
    userId,
    workflowIds,
    rows,
    label: label.replace(/\W/g, ''),
    onProgress: (done) => {
      if (rows >= 100_000) console.log(`seeded ${done.toLocaleString('en')} / ${rows.toLocaleString('en')}`);
    },
  });
  console.log(`${label}: ${rows} rows seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { rows, token, orgId, workflowIds };
}

function listQueries(stack: Stack): ListQuery[] {
  /** The cursor that continues after the row at `position` (0-based, newest first) of the filtered list. */
  const cursorAt = async (t: Tenant, position: number, where = sql`true`) => {
    const result = await stack.deps.database.db.execute(sql`
      select to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as k, id
      from executions where org_id = ${t.orgId} and ${where}
      order by started_at desc nulls last, id desc nulls last offset ${position} limit 1`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      k: string;
      id: string;
    }[];
    const row = rows[0];
    if (!row) throw new Error('no row for the cursor');
    return encodeURIComponent(encodeCursor('executions', timeIdKey, { at: row.k, id: row.id }));
  };
  const deep = (t: Tenant) => Math.floor(t.rows * 0.95);
  return [
    { name: 'first page', build: async () => 'page_size=50' },
    { name: 'page 20 (offset 950)', build: async () => 'page=20&page_size=50' },
    { name: 'status=failed', build: async () => 'status=failed&page_size=50' },
    { name: 'status=failed,cancelled', build: async () => 'status=failed,cancelled&page_size=50' },
    { name: 'status=running,failed', build: async () => 'status=running,failed&page_size=50' },
    {
      name: 'status=running,failed, cursor at 95% depth',
      build: async (t) =>
        `status=running,failed&cursor=${await cursorAt(t, Math.floor(t.rows * 0.03 * 0.95), sql`status in ('running', 'failed')`)}&page_size=50`,
    },
    { name: 'workflow_id', build: async (t) => `workflow_id=${t.workflowIds[3]}&page_size=50` },
    {
      name: 'workflow_id + status=failed',
      build: async (t) => `workflow_id=${t.workflowIds[7]}&status=failed&page_size=50`,
    },
    {
      name: 'cursor at 95% depth',
      build: async (t) => `cursor=${await cursorAt(t, deep(t))}&page_size=50`,
    },
    {
      name: 'status=completed, cursor at 95% depth',
      build: async (t) =>
        `status=completed&cursor=${await cursorAt(t, Math.floor(deep(t) * 0.96), sql`status = 'completed'`)}&page_size=50`,
    },
    {
      // Offset pages stop at MAX_PAGE (a deeper one is refused): the deepest one a client may ask for.
      name: `offset page at the deepest page allowed (page ${MAX_PAGE.toLocaleString('en')})`,
      build: async (t) => `page=${Math.min(MAX_PAGE, Math.floor(deep(t) / 50))}&page_size=50`,
      informational: true,
    },
  ];
}

async function sample(stack: Stack, t: Tenant, query: string): Promise<number[]> {
  const url = `${stack.apiUrl}/api/v1/executions?${query}`;
  const headers = { authorization: `Bearer ${t.token}` };
  const times: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
    const began = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
    if (i >= WARMUP) times.push(performance.now() - began);
  }
  return times;
}

/** EXPLAIN ANALYZE of the queries a list request makes at the big size, as evidence in the notes. */
async function explainDeepQueries(stack: Stack, t: Tenant): Promise<string[]> {
  const db = stack.deps.database.db;
  const plan = async (label: string, query: ReturnType<typeof sql>) => {
    const result = await db.execute(sql`explain (analyze, buffers, format json) ${query}`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
      string,
      unknown
    >[];
    const json = Object.values(rows[0] ?? {})[0];
    const top = (Array.isArray(json) ? json[0] : JSON.parse(String(json))[0]) as {
      Plan: { 'Node Type': string; Plans?: { 'Node Type': string; 'Index Name'?: string }[] };
      'Execution Time': number;
    };
    const child = top.Plan.Plans?.[0];
    return `EXPLAIN ANALYZE at ${t.rows.toLocaleString('en')} rows, ${label}: ${top['Execution Time'].toFixed(2)} ms (${top.Plan['Node Type']}${child ? ` ← ${child['Node Type']}${child['Index Name'] ? ` on ${child['Index Name']}` : ''}` : ''}).`;
  };
  return [
    await plan(
      'exact count(*) of the tenant',
      sql`select count(*) from executions where org_id = ${t.orgId}`,
    ),
    await plan(
      'count capped at 10,001 rows',
      sql`select count(*) from (select 1 from executions where org_id = ${t.orgId} limit 10001) c`,
    ),
    await plan(
      'offset page at 95% depth',
      sql`select id from executions where org_id = ${t.orgId} order by started_at desc nulls last, id desc nulls last offset ${Math.floor(t.rows * 0.95)} limit 51`,
    ),
    await plan(
      'status=failed,cancelled first page (one index-ordered stream per status, merged)',
      executionPageQuery(db, t.orgId, { status: ['failed', 'cancelled'] }, { limit: 51, offset: 0 }).getSQL(),
    ),
  ];
}
