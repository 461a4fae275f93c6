// `npm start`: everything on one machine in one command — a Temporal dev server (unless
// TEMPORAL_ADDRESS is set), the embedded database (unless DATABASE_URL is set), a worker and the API.

import { hostname } from 'node:os';
import { buildApp } from './api/app.js';
import { serveApi } from './api/serve.js';
import { createEventSocket } from './api/ws/event-socket.js';
import { loadConfigOrExit } from './config.js';
import { openAppDatabase } from './db/open-app-database.js';
import { createLogger } from './lib/logger.js';
import { loopbackAt } from './lib/outbound/build-guard.js';
import { onShutdownSignal } from './lib/shutdown.js';
import { processOutboundGuard } from './outbound-guard.js';
import { loadSecrets } from './secrets.js';
import { aiProviderOf } from './services/ai/anthropic-client.js';
import { serviceConfig } from './services/service-config.js';
import { prepareDatabase } from './services/setup/prepare-database.js';
import { resolveTemporalCli } from './temporal/cli-path.js';
import { connectTemporal } from './temporal/client.js';
import { temporalSettings } from './temporal/connection-options.js';
import { createConveyorWorker } from './temporal/create-worker.js';
import { loadTemporalDevConfig } from './temporal/dev-config.js';
import { type DevServer, startDevServer } from './temporal/dev-server.js';
import { ensureWebhookSweeperSchedule } from './temporal/webhook-sweeper-schedule.js';
import { connectWorker, installWorkerRuntime } from './temporal/worker-runtime.js';
import { workflowBundleCacheDir } from './temporal/workflow-bundle-cache.js';
import { VERSION } from './version.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'conveyor');
const devConfig = loadTemporalDevConfig();

let devServer: DevServer | undefined;
if (!config.TEMPORAL_ADDRESS) {
  logger.info('starting the Temporal dev server (set TEMPORAL_ADDRESS to use an existing one)');
  devServer = await startDevServer({
    cliPath: await resolveTemporalCli(),
    config: devConfig,
    dataDir: config.CONVEYOR_DATA_DIR,
    logPrefix: '[temporal] ',
  });
}
const settings = temporalSettings(
  { ...config, TEMPORAL_ADDRESS: devServer?.address ?? config.TEMPORAL_ADDRESS },
  devConfig,
);

const database = await openAppDatabase(config);
await prepareDatabase(database, config.DATABASE_URL);
const secrets = await loadSecrets(config);

const temporal = await connectTemporal(settings, secrets.keyring);
// One guard for the worker's steps and the API's requests to OAuth providers.
const outbound = processOutboundGuard(
  config,
  { settings, dev: devConfig },
  {
    // The README's first workflow calls this API's health route: steps may reach the API on
    // loopback at its own port, and nothing else local.
    extraAllow: loopbackAt(config.PORT, 'this API (npm start)'),
    // npm start's worker serves its metrics on loopback (installWorkerRuntime below).
    workerMetricsHost: '127.0.0.1',
  },
);
installWorkerRuntime(logger, `127.0.0.1:${config.WORKER_METRICS_PORT}`);
const workerConnection = await connectWorker(settings);
const { worker, readModel } = await createConveyorWorker({
  connection: workerConnection,
  namespace: settings.namespace,
  taskQueue: settings.taskQueue,
  db: database.db,
  temporal,
  logger,
  secrets,
  outbound,
  config: serviceConfig(config),
  ai: aiProviderOf(config),
  identity: `conveyor-dev@${hostname()}:${process.pid}`,
  workflowBundleCacheDir: workflowBundleCacheDir(config),
});
const workerRun = worker.run();
await ensureWebhookSweeperSchedule(temporal, logger, {
  olderThanSeconds: config.WEBHOOK_SWEEP_AFTER_SECONDS,
});

const deps = {
  config,
  database,
  secrets,
  temporal,
  outbound,
  logger,
  version: VERSION,
  startedAt: new Date(),
};
const app = buildApp(deps);
const events = await createEventSocket(deps, { databaseUrl: config.DATABASE_URL });
const api = await serveApi(app, config.HOST, config.PORT, { onUpgrade: events.handleUpgrade });

const temporalUi = devServer?.uiUrl ?? '(external Temporal: see its own Web UI)';
process.stdout.write(`
  Conveyor ${VERSION} is running.

  API              ${api.url}/api/v1
  Live events      ${api.url.replace(/^http/, 'ws')}/ws?token=<access_token>
  Docs             ${api.url}/docs   (ReDoc: ${api.url}/redoc, OpenAPI: ${api.url}/openapi.json)
  Health           ${api.url}/api/health/health
  Temporal Web UI  ${temporalUi}
  Temporal         ${settings.address} (namespace ${settings.namespace})
  Worker metrics   http://127.0.0.1:${config.WORKER_METRICS_PORT}/metrics
  Database         ${database.driver === 'pglite' ? `embedded PGlite in ${config.CONVEYOR_DATA_DIR}/pglite` : 'PostgreSQL (DATABASE_URL)'}

  Log in: create your account and organization once, then log in:
    curl -s -X POST ${api.url}/api/v1/auth/register -H 'Content-Type: application/json' \\
      -d '{"email":"you@example.com","password":"choose-a-long-one","name":"You","organization_name":"Acme"}'
    curl -s -X POST ${api.url}/api/v1/auth/login -H 'Content-Type: application/json' \\
      -d '{"email":"you@example.com","password":"choose-a-long-one"}'
  or use "Authorize" in the docs page with the access_token.

  Ctrl-C stops everything.
`);

onShutdownSignal(logger, async () => {
  await events.close();
  await api.close();
  worker.shutdown();
  await workerRun;
  // The database may be the reason we stop: what cannot be written now is logged, not thrown.
  await readModel
    .flush()
    .catch((error: unknown) => logger.error({ err: error }, 'read-model events lost at shutdown'));
  await workerConnection.close();
  await temporal.close();
  await database.close();
  await devServer?.stop();
});
