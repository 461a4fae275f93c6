// Benchmark 5a (issue 7): worker memory with 10,000 runs parked on approvals, against the same
// worker idle, and against the raw SDK's default worker parking the same number of hand-written
// runs. Each worker is its own process (its RSS is honest), on PostgreSQL: the embedded PGlite
// lives inside one process and cannot be shared by the API and a separate worker.
//
//   npx tsx bench/parked-runs.ts
//   env: PARKED_RUNS (10000), PARKED_START_CONCURRENCY (20), PARKED_APPROVE_SAMPLE (20),
//        PARKED_PG_PORT (56300), PARKED_RAW=0 to skip the raw-SDK baseline
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, count, eq } from 'drizzle-orm';
import { approvals } from '../src/db/schema/index.js';
import { apiCall, createPublishedWorkflow } from './lib/api-client.js';
import type { MemorySample } from './lib/parked/probe.js';
import { conveyorParkedDefinition, runPool, waitUntil } from './lib/parked/scenario.js';
import { freePort, type ProbedProcess, spawnProbed, stickyCacheSize } from './lib/parked/spawn-probed.js';
import { startPostgres } from './lib/postgres.js';
import { measureRawParked, type RawParkedResult } from './lib/raw-parked/measure.js';
import { type BenchRow, writeResult } from './lib/report.js';
import { startStack } from './lib/stack.js';

const RUNS = Number(process.env.PARKED_RUNS ?? 10_000);
const CONCURRENCY = Number(process.env.PARKED_START_CONCURRENCY ?? 20);
const SAMPLE = Number(process.env.PARKED_APPROVE_SAMPLE ?? 20);
const PG_PORT = Number(process.env.PARKED_PG_PORT ?? 56300);
const WITH_RAW = process.env.PARKED_RAW !== '0';
const CONVEYOR_ENTRY = fileURLToPath(new URL('./lib/parked/conveyor-worker.ts', import.meta.url));
/** Let the worker finish what is in flight (read-model flushes, poll backoff) before measuring. */
const SETTLE_MS = 10_000;

const log = (message: string) => console.log(`[parked-runs] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const pg = startPostgres(PG_PORT);
const scratch = mkdtempSync(join(tmpdir(), 'conveyor-parked-'));
let worker: ProbedProcess | undefined;
const stack = await startStack({ databaseUrl: pg.url, worker: false });
try {
  const bundlePath = join(scratch, 'workflows.js');
  writeFileSync(bundlePath, stack.workflowBundle.code);
  const metricsPort = await freePort();
  worker = await spawnProbed(CONVEYOR_ENTRY, {
    address: stack.devServer.address,
    namespace: stack.devServer.namespace,
    taskQueue: stack.taskQueue,
    databaseUrl: pg.url,
    masterKeyBase64: stack.deps.secrets.masterKey.toString('base64'),
    bundlePath,
    metricsPort,
  });
  await sleep(SETTLE_MS);
  const idle = await worker.measure(5);
  log(`idle worker: rss ${idle.rssMiB.toFixed(1)} MiB, heap ${idle.heapUsedMiB.toFixed(1)} MiB`);

  const account = await stack.register('parked');
  const workflowId = await createPublishedWorkflow(
    stack.apiUrl,
    account.token,
    'parked approval',
    conveyorParkedDefinition(account.userId),
  );
  const startedAt = performance.now();
  const executionIds = await runPool(RUNS, CONCURRENCY, async () => {
    const started = await apiCall<{ execution_id: string }>(
      stack.apiUrl,
      account.token,
      'POST',
      `/api/v1/workflows/${workflowId}/execute`,
      { input: {} },
    );
    return started.execution_id;
  });
  const startSeconds = (performance.now() - startedAt) / 1000;
  log(`${RUNS} runs started through the API in ${startSeconds.toFixed(0)} s`);

  const db = stack.deps.database.db;
  const pendingApprovals = async () => {
    const [row] = await db
      .select({ n: count() })
      .from(approvals)
      .where(and(eq(approvals.orgId, account.orgId), eq(approvals.status, 'pending')));
    return row?.n ?? 0;
  };
  await waitUntil(
    async () => (await pendingApprovals()) >= RUNS,
    40 * 60_000,
    async () => log(`parked so far: ${await pendingApprovals()}`),
  );
  const parkedSeconds = (performance.now() - startedAt) / 1000;
  log(`all ${RUNS} runs parked after ${parkedSeconds.toFixed(0)} s`);
  await sleep(SETTLE_MS);
  const parked = await worker.measure(5);
  const cached = await stickyCacheSize(metricsPort);
  log(
    `parked worker: rss ${parked.rssMiB.toFixed(1)} MiB, heap ${parked.heapUsedMiB.toFixed(1)} MiB, cache ${cached}`,
  );

  // Approve runs spread over the start order: the oldest ones were evicted from the cache long
  // ago (their decision replays them), the newest may still be cached.
  const sample = spread(executionIds, SAMPLE);
  const approvedAt = performance.now();
  await runPool(sample.length, 5, async (i) => {
    const executionId = sample[i] as string;
    const [approval] = await db
      .select({ id: approvals.id })
      .from(approvals)
      .where(and(eq(approvals.orgId, account.orgId), eq(approvals.executionId, executionId)));
    if (!approval) throw new Error(`no approval for ${executionId}`);
    await apiCall(stack.apiUrl, account.token, 'POST', `/api/v1/hitl-approvals/${approval.id}/approve`, {
      comment: 'bench',
    });
    const result = await stack.deps.temporal.client.workflow.getHandle(executionId).result();
    return result;
  });
  const approveSeconds = (performance.now() - approvedAt) / 1000;
  log(`${sample.length} sampled runs approved and completed in ${approveSeconds.toFixed(1)} s`);
  await worker.stop();
  worker = undefined;

  const raw = WITH_RAW ? await measureRawParked(stack, scratch, RUNS, log) : undefined;
  report({ idle, parked, cached, startSeconds, parkedSeconds, approved: sample.length, raw });
} finally {
  await worker?.stop();
  await stack.close();
  pg.stop();
  rmSync(scratch, { recursive: true, force: true });
}

function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * (items.length - 1)) / (n - 1))] as T);
}

function report(m: {
  idle: MemorySample;
  parked: MemorySample;
  cached: number;
  startSeconds: number;
  parkedSeconds: number;
  approved: number;
  raw: RawParkedResult | undefined;
}) {
  const rssRatio = m.parked.rssMiB / m.idle.rssMiB;
  const heapRatio = m.parked.heapUsedMiB / m.idle.heapUsedMiB;
  const rows: BenchRow[] = [
    {
      metric: `Conveyor worker RSS with ${RUNS} runs parked on approvals`,
      value: m.parked.rssMiB,
      unit: 'MiB',
      baseline: { name: 'same worker idle', value: m.idle.rssMiB },
      ratio: { value: rssRatio, meaning: 'parked / idle' },
      target: { text: '≤ 1.5× idle', met: rssRatio <= 1.5 },
    },
    {
      metric: `Conveyor worker main-thread JS heap with ${RUNS} runs parked`,
      value: m.parked.heapUsedMiB,
      unit: 'MiB',
      baseline: { name: 'same worker idle', value: m.idle.heapUsedMiB },
      ratio: { value: heapRatio, meaning: 'parked / idle' },
      target: { text: '≤ 1.5× idle', met: heapRatio <= 1.5 },
    },
  ];
  if (m.raw) {
    const rawRatio = m.raw.parked.rssMiB / m.raw.idle.rssMiB;
    rows.push({
      metric: `raw SDK worker (default options) RSS with ${m.raw.runs} hand-written runs parked`,
      value: m.raw.parked.rssMiB,
      unit: 'MiB',
      baseline: { name: 'same raw worker idle', value: m.raw.idle.rssMiB },
      ratio: { value: rawRatio, meaning: 'parked / idle' },
    });
  }
  const notes = [
    'Workflow bundle: as the worker builds it (CONVEYOR_BUNDLE_OPTIONS in src/temporal/workflow-bundle.ts, whose preloadModules evaluate the libraries, the step registry, the definition schema and the evaluator once per workflow thread).',
    `Each worker runs in its own Node process (node --expose-gc --import tsx), on PostgreSQL 15 (private, port ${PG_PORT}) and the dev server from temporal-dev.yml; memory is read in the process after two forced major GCs of the main isolate, median of 5 samples 1 s apart.`,
    'RSS is the figure that counts: the SDK runs workflow code in a worker thread (reuseV8Context, one thread) and keeps histories in its Rust core, neither of which is in the main-thread heap figure.',
    `${RUNS} runs of a one-step approval workflow started through POST /workflows/{id}/execute at concurrency ${CONCURRENCY} in ${m.startSeconds.toFixed(0)} s; all parked (their approval rows pending) after ${m.parkedSeconds.toFixed(0)} s.`,
    `Conveyor's sticky cache holds ${m.cached} runs at most (maxCachedWorkflows in src/temporal/create-worker.ts); parked runs beyond it are evicted and cost the worker nothing until a decision arrives, when their history is replayed.`,
    `${m.approved} parked runs spread over the start order (oldest evicted, newest cached) were approved through the API and all completed.`,
  ];
  if (m.raw) {
    notes.push(
      `Raw SDK baseline: Worker.create with default options (sticky cache ${m.raw.defaultCache} runs on this Node heap limit), a hand-written workflow (one activity, then condition() on a signal); sticky cache held ${m.raw.cached} runs when measured. ${m.raw.approved} sampled runs were signalled and completed.`,
    );
  }
  writeResult({
    name: 'parked-runs',
    title: `Parked runs: worker memory with ${RUNS} runs waiting on approvals`,
    command: 'npx tsx bench/parked-runs.ts',
    rows,
    notes,
  });
}
