// Records interpreter histories for test/engine/replay.test.ts: `npx tsx scripts/record-histories.ts`.
// Starts its own dev server and an in-memory database, runs every scenario of history-scenarios.ts
// through a real worker, and writes each run's history to test/fixtures/histories/<name>.json
// (a run chain as <name>.run-1.json, .run-2.json…; a child run as <name>.child-1.json). Re-record
// only on purpose: the files pin the command sequences the interpreter must keep replaying.
// `-- --only a,b` records just those scenarios and leaves every other file as it was, so new
// scenarios join without re-recording (and so losing) the histories of older interpreter code.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
// Default import: named imports from this CommonJS package fail under Node's ESM loader.
import proto from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { type Db, openDatabase } from '../src/db/client.js';
import { organizations, workflows, workflowVersions } from '../src/db/schema/index.js';
import { newId } from '../src/lib/ids.js';
import { standInGuard } from '../src/lib/outbound/build-guard.js';
import { buildSecrets, generateSigningKeyPem } from '../src/secrets.js';
import { aiProviderOf } from '../src/services/ai/anthropic-client.js';
import { type Platform, systemClock, systemContext } from '../src/services/context.js';
import { noLiveEvents } from '../src/services/events/hub.js';
import { launchExecution } from '../src/services/executions/launch-execution.js';
import { configureChannel } from '../src/services/notifications/configure-channel.js';
import { serviceConfig } from '../src/services/service-config.js';
import { prepareDatabase } from '../src/services/setup/prepare-database.js';
import { validateDefinition } from '../src/services/workflows/validate-definition.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { connectTemporal } from '../src/temporal/client.js';
import { createConveyorWorker } from '../src/temporal/create-worker.js';
import { loadTemporalDevConfig } from '../src/temporal/dev-config.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { CHECKOUT_BUNDLE_CACHE_DIR } from '../src/temporal/workflow-bundle-cache.js';
import { startAnthropicStandIn, text, toolUse } from '../test/harness/anthropic-stand-in.js';
import { startHttpStandIn } from '../test/harness/http-stand-in.js';
import { REPLAY_FIXTURE_MASTER_KEY } from '../test/harness/replay-fixture-key.js';
import { type Scenario, scenarios } from './history-scenarios.js';

const OUT_DIR = fileURLToPath(new URL('../test/fixtures/histories/', import.meta.url));
const TASK_QUEUE = 'record-histories';

async function main() {
  const only = onlyScenarios(process.argv.slice(2));
  const chosen = only ? scenarios.filter((scenario) => only.has(scenario.name)) : scenarios;
  if (only && chosen.length !== only.size) {
    throw new Error(
      `unknown scenarios in --only: ${[...only].filter((n) => !scenarios.some((s) => s.name === n))}`,
    );
  }
  // Expected failures (failed and cancelled scenarios) would otherwise log as warnings.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const scratch = mkdtempSync(join(tmpdir(), 'conveyor-histories-'));
  const server = await startDevServer({
    cliPath: await resolveTemporalCli(),
    config: loadTemporalDevConfig(),
    ephemeral: true,
    headless: true,
    logFile: join(scratch, 'temporal.log'),
  });
  const database = await openDatabase({});
  await prepareDatabase(database);
  const api = await startHttpStandIn();
  const anthropic = await startAnthropicStandIn();
  anthropic.respondWith((request) => {
    const tool = (request.body as { tools?: { name: string }[] } | null)?.tools?.[0]?.name;
    if (tool === 'record_classification')
      return toolUse(tool, { category: 'billing', confidence: 0.9, reason: 'r' });
    if (tool === 'record_decision')
      return toolUse(tool, { decision: 'approve', reason: 'r', confidence: 0.8 });
    if (tool === 'record_extraction') return toolUse(tool, { invoice_number: 'INV-7' });
    return text('Hello there.');
  });
  api.on('/ok', () => ({ status: 200, body: { ok: true } }));
  api.on('/missing', () => ({ status: 404, body: { error: 'missing' } }));
  api.on('/flaky', (_req, count) => (count < 2 ? { status: 503 } : { status: 200, body: { ok: true } }));
  // The fixtures' own master key, so the replay test can read what is recorded here.
  const secrets = await buildSecrets(generateSigningKeyPem(), REPLAY_FIXTURE_MASTER_KEY);
  const temporal = await connectTemporal(
    { address: server.address, namespace: server.namespace, taskQueue: TASK_QUEUE },
    secrets.keyring,
  );
  const connection = await NativeConnection.connect({ address: server.address });
  const platform: Platform = {
    db: database.db,
    temporal,
    secrets,
    config: serviceConfig(loadConfig({})),
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    outbound: standInGuard(server.address, server.ports),
    events: noLiveEvents,
  };
  const { worker, readModel } = await createConveyorWorker({
    connection,
    namespace: server.namespace,
    taskQueue: TASK_QUEUE,
    ...platform,
    ai: aiProviderOf({ ANTHROPIC_API_KEY: 'sk-ant-recorder', ANTHROPIC_BASE_URL: anthropic.url }),
    workflowBundleCacheDir: CHECKOUT_BUNDLE_CACHE_DIR,
  });
  try {
    const orgId = newId('org');
    await database.db
      .insert(organizations)
      .values({ id: orgId, name: 'Histories', slug: `histories-${orgId}` });
    // The notify scenario's channel: a chat webhook at the stand-in's /ok.
    await configureChannel(
      { ...systemContext(platform, orgId), permissions: new Set(['notifications:send'] as const) },
      { channel: 'chat', webhook_url: `${api.url}/ok` },
    );
    mkdirSync(OUT_DIR, { recursive: true });
    for (const file of readdirSync(OUT_DIR).filter((f) => f.endsWith('.json'))) {
      const scenario = file.replace(/(\.(run|child)-\d+)?\.json$/, '');
      if (!only || only.has(scenario)) unlinkSync(join(OUT_DIR, file));
    }
    await worker.runUntil(async () => {
      for (const scenario of chosen) {
        const written = await record(scenario, { platform, orgId, apiUrl: api.url });
        console.log(`${scenario.name}: ${written.join(', ')}`);
      }
    });
  } finally {
    await readModel.flush();
    await connection.close();
    await temporal.close();
    await api.close();
    await anthropic.close();
    await database.close();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface RecordEnv {
  platform: Platform;
  orgId: string;
  apiUrl: string;
}

async function record(scenario: Scenario, env: RecordEnv): Promise<string[]> {
  const publish = (definition: unknown) => publishWorkflow(env.platform.db, env.orgId, definition);
  const { definition, input = {} } = await scenario.build({ apiUrl: env.apiUrl, publish });
  const { execution } = await launchExecution(systemContext(env.platform, env.orgId), {
    workflowId: await publish(definition),
    input,
    trigger: 'manual',
  });
  const handle = env.platform.temporal.client.workflow.getHandle(execution.id);
  if (scenario.cancelAfter) {
    await waitForEvent(handle, scenario.cancelAfter);
    await handle.cancel();
  }
  await scenario.drive?.(handle);
  await handle.result().catch(() => undefined);

  const runs = await runChain(env, execution.id, execution.temporalRunId ?? '');
  const children = await childrenOf(env, runs);
  // A detached child (wait: false) may still be running.
  await Promise.all(children.map((child) => child.result().catch(() => undefined)));
  const named: [string, WorkflowHandle][] = [
    ...runs.map((run, i): [string, WorkflowHandle] => [
      runs.length === 1 ? scenario.name : `${scenario.name}.run-${i + 1}`,
      run,
    ]),
    ...children.map((child, i): [string, WorkflowHandle] => [`${scenario.name}.child-${i + 1}`, child]),
  ];
  for (const [name, run] of named) {
    writeFileSync(join(OUT_DIR, `${name}.json`), `${historyToJSON(await run.fetchHistory())}\n`);
  }
  return named.map(([name]) => name);
}

async function publishWorkflow(db: Db, orgId: string, raw: unknown): Promise<string> {
  const checked = await validateDefinition(raw);
  if (!checked.ok) throw new Error(`invalid scenario definition: ${JSON.stringify(checked.errors)}`);
  const definition = checked.definition as unknown as Record<string, unknown>;
  const id = newId('wf');
  await db
    .insert(workflows)
    .values({ id, orgId, name: id, status: 'published', definition, publishedVersion: 1 });
  await db
    .insert(workflowVersions)
    .values({ id: newId('wfv'), orgId, workflowId: id, version: 1, definition });
  return id;
}

/** Every run of a continue-as-new chain, first to last. */
async function runChain(env: RecordEnv, workflowId: string, firstRunId: string): Promise<WorkflowHandle[]> {
  const runs: WorkflowHandle[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const handle: WorkflowHandle = env.platform.temporal.client.workflow.getHandle(workflowId, runId);
    runs.push(handle);
    const history = await handle.fetchHistory();
    const last = history.events?.at(-1);
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

/** The child runs the given runs started (their histories are interpreter histories too). */
async function childrenOf(env: RecordEnv, runs: WorkflowHandle[]): Promise<WorkflowHandle[]> {
  const children: WorkflowHandle[] = [];
  for (const run of runs) {
    for (const event of (await run.fetchHistory()).events ?? []) {
      const started = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
      if (started?.workflowId) {
        children.push(
          env.platform.temporal.client.workflow.getHandle(started.workflowId, started.runId ?? undefined),
        );
      }
    }
  }
  return children;
}

async function waitForEvent(handle: WorkflowHandle, type: string) {
  const { EventType } = proto.temporal.api.enums.v1;
  for (let i = 0; i < 200; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    if (events.some((e) => EventType[e.eventType ?? 0] === `EVENT_TYPE_${type}`)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${handle.workflowId}: no ${type} event`);
}

function onlyScenarios(args: string[]): Set<string> | undefined {
  const index = args.indexOf('--only');
  if (index === -1) return undefined;
  return new Set((args[index + 1] ?? '').split(',').filter(Boolean));
}

await main();
