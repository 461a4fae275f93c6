// Benchmark 5b (issue 7): a robot's claim latency (POST /api/v1/agent-tasks/claim) with 100 and
// with 100,000 tasks waiting in its organization's queue, on PostgreSQL and on the embedded PGlite.
//
// Every claim is real: it takes a live task queued by a real `agent` step run (its Temporal
// attempt exists and the claim heartbeats it), and the robot reports a result before the next
// claim, as the reference robot does. The queue depth around them is a backlog written in bulk
// (bench/lib/claims/seed-backlog.ts) and dated after every live task, so it is what the claim query
// has to look past while it is never handed out itself.
//
//   npx tsx bench/claim-latency.ts
//   env: CLAIM_SAMPLES (300 claims per depth), CLAIM_DEPTHS (100,100000),
//        CLAIM_DB (postgres,pglite), CLAIM_PG_PORT (56301)
import { and, count, eq, notLike, sql } from 'drizzle-orm';
import { agentTasks } from '../src/db/schema/index.js';
import { apiCall, createPublishedWorkflow } from './lib/api-client.js';
import { explainClaimQueries, type PlanSummary } from './lib/claims/explain.js';
import { seedBacklog } from './lib/claims/seed-backlog.js';
import { runPool, waitUntil } from './lib/parked/scenario.js';
import { startPostgres } from './lib/postgres.js';
import { type BenchRow, writeResult } from './lib/report.js';
import { type Stack, startStack } from './lib/stack.js';
import { percentile } from './lib/stats.js';

const SAMPLES = Number(process.env.CLAIM_SAMPLES ?? 300);
const WARMUP = 10;
const DEPTHS = (process.env.CLAIM_DEPTHS ?? '100,100000').split(',').map(Number);
const DATABASES = (process.env.CLAIM_DB ?? 'postgres,pglite').split(',') as ('postgres' | 'pglite')[];
const PG_PORT = Number(process.env.CLAIM_PG_PORT ?? 56301);
const TASK_TYPE = 'bench.claim';

const log = (message: string) => console.log(`[claim-latency] ${message}`);

interface DepthResult {
  depth: number;
  latencies: number[];
  plans: PlanSummary[];
}

const results = new Map<string, DepthResult[]>();
for (const driver of DATABASES) {
  const pg = driver === 'postgres' ? startPostgres(PG_PORT) : undefined;
  const stack = await startStack(pg ? { databaseUrl: pg.url } : {});
  try {
    results.set(driver, await measure(stack, driver));
  } finally {
    await stack.close();
    pg?.stop();
  }
}
report();

async function measure(stack: Stack, driver: string): Promise<DepthResult[]> {
  const db = stack.deps.database.db;
  const account = await stack.register('claims');
  const robot = await apiCall<{ id: string; token: string }>(
    stack.apiUrl,
    account.token,
    'POST',
    '/api/v1/agents',
    { kind: 'robot', name: 'bench robot', max_concurrency: 1 },
  );
  // A long heartbeat timeout keeps the queue keep-alive from heartbeating the live tasks during
  // the measurement (it would, at a third of it): its Temporal calls are not what is measured here.
  const workflowId = await createPublishedWorkflow(stack.apiUrl, account.token, 'claim bench', {
    steps: [
      {
        id: 'robot_work',
        type: 'agent',
        config: { task_type: TASK_TYPE, payload: { order: 'A-1' }, heartbeat_timeout: '10m' },
      },
    ],
  });
  const liveQueued = async () => {
    const [row] = await db
      .select({ n: count() })
      .from(agentTasks)
      .where(
        and(
          eq(agentTasks.orgId, account.orgId),
          eq(agentTasks.status, 'pending'),
          notLike(agentTasks.executionId, 'exe_backlog%'),
        ),
      );
    return row?.n ?? 0;
  };

  const byDepth: DepthResult[] = [];
  let backlog = 0;
  for (const depth of DEPTHS) {
    await runPool(SAMPLES + WARMUP, 10, () =>
      apiCall(stack.apiUrl, account.token, 'POST', `/api/v1/workflows/${workflowId}/execute`, { input: {} }),
    );
    await waitUntil(async () => (await liveQueued()) >= SAMPLES + WARMUP, 10 * 60_000);
    await seedBacklog(db, stack.deps.secrets.masterKey, {
      orgId: account.orgId,
      taskType: TASK_TYPE,
      rows: depth - backlog,
      label: `${depth}`,
    });
    backlog = depth;
    // Dated after every live task (a day ahead), so the live ones stay at the head of the queue.
    await db.execute(sql`
      update agent_tasks set created_at = now() + interval '1 day', updated_at = now()
      where org_id = ${account.orgId} and execution_id like 'exe_backlog%'`);
    // Statistics as autovacuum would leave them after the table grew.
    await db.execute(sql`vacuum analyze agent_tasks`);
    const plans = [
      ...(await explainClaimQueries(stack.deps.database, account.orgId)),
      ...(await explainClaimQueries(stack.deps.database, account.orgId, { withProposedIndex: true })),
    ];
    log(`${driver}, ${depth} queued: ${plans.map((p) => `${p.query} ${p.executionMs} ms`).join('; ')}`);

    // Seeding and EXPLAIN left the client's keep-alive sockets idle long enough for the server to
    // be closing them: one request that may be retried (a claim may not) takes a fresh one.
    await retryOnce(() => fetch(`${stack.apiUrl}/api/health`).then((r) => r.arrayBuffer()));
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES + WARMUP; i++) {
      const started = performance.now();
      const answer = await apiCall<{ task: { id: string; execution_id: string } | null }>(
        stack.apiUrl,
        robot.token,
        'POST',
        '/api/v1/agent-tasks/claim',
        { wait_seconds: 0 },
      );
      const elapsed = performance.now() - started;
      if (!answer.task || answer.task.execution_id.startsWith('exe_backlog'))
        throw new Error(`claim ${i} at depth ${depth} got ${JSON.stringify(answer.task)}`);
      if (i >= WARMUP) latencies.push(elapsed);
      await apiCall(stack.apiUrl, robot.token, 'POST', `/api/v1/agent-tasks/${answer.task.id}/result`, {
        status: 'success',
        output: { ok: true },
      });
    }
    log(
      `${driver}, ${depth} queued: claim p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
    );
    byDepth.push({ depth, latencies, plans });
  }
  return byDepth;
}

async function retryOnce<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch {
    return fn();
  }
}

function report() {
  const rows: BenchRow[] = [];
  const notes: string[] = [
    `${SAMPLES} timed claims per depth (after ${WARMUP} untimed), one robot (max_concurrency 1) claiming then reporting a result, wait_seconds 0; latency is the HTTP round trip from the client, API in the stack's process.`,
    'Each claim locks the robot row, counts the tasks it holds, takes the oldest matching pending task (FOR UPDATE SKIP LOCKED), and heartbeats its Temporal attempt; the queue keep-alive pass (at most once a second per organization) is started by the claim but not awaited (src/services/agent-tasks/keep-queue-alive.ts); its scan still runs beside the claims.',
    'Queue depth = the bulk-seeded backlog (rows shaped like the agent step writes them, each with a sealed attempt, dated after the live tasks); the live tasks being claimed come on top of it. `vacuum analyze` after seeding stands for autovacuum.',
  ];
  for (const [driver, byDepth] of results) {
    const base = byDepth[0];
    if (!base) continue;
    for (const result of byDepth) {
      for (const p of [50, 99]) {
        const value = percentile(result.latencies, p);
        const baseline = percentile(base.latencies, p);
        const isBase = result === base;
        rows.push({
          metric: `${driver}: claim p${p} with ${result.depth.toLocaleString('en')} tasks queued`,
          value,
          unit: 'ms',
          ...(isBase
            ? {}
            : {
                baseline: { name: `${base.depth} queued`, value: baseline },
                ratio: { value: value / baseline, meaning: `${result.depth} / ${base.depth} queued` },
                target: { text: '≤ 1.5×', met: value / baseline <= 1.5 },
              }),
        });
      }
      for (const plan of result.plans) {
        notes.push(
          `${driver}, ${result.depth} queued, EXPLAIN ANALYZE ${plan.query}: ${plan.executionMs} ms; ${plan.plan
            .map((line) => line.trim())
            .filter((line) => line.startsWith('->') || !line.startsWith(' '))
            .slice(0, 6)
            .join(' | ')}`,
        );
      }
    }
  }
  writeResult({
    name: 'claim-latency',
    title: 'Robot claim latency with 100 and 100,000 queued tasks',
    command: 'npx tsx bench/claim-latency.ts',
    rows,
    notes,
  });
}
