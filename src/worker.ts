// `npm run worker`: a Temporal worker for Conveyor's task queue, configured by the environment.

import { hostname } from 'node:os';
import { loadConfigOrExit } from './config.js';
import { assertMigrated } from './db/assert-migrated.js';
import { openAppDatabase } from './db/open-app-database.js';
import { createLogger } from './lib/logger.js';
import { onShutdownSignal } from './lib/shutdown.js';
import { processOutboundGuard } from './outbound-guard.js';
import { loadSecrets } from './secrets.js';
import { aiProviderOf } from './services/ai/anthropic-client.js';
import { serviceConfig } from './services/service-config.js';
import { prepareDatabase } from './services/setup/prepare-database.js';
import { connectTemporal } from './temporal/client.js';
import { temporalSettings } from './temporal/connection-options.js';
import { createConveyorWorker } from './temporal/create-worker.js';
import { loadTemporalDevConfig } from './temporal/dev-config.js';
import { ensureWebhookSweeperSchedule } from './temporal/webhook-sweeper-schedule.js';
import { connectWorker, installWorkerRuntime } from './temporal/worker-runtime.js';
import { workflowBundleCacheDir } from './temporal/workflow-bundle-cache.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'conveyor-worker');
const devConfig = loadTemporalDevConfig();
const settings = temporalSettings(config, devConfig);
const database = await openAppDatabase(config);
// As for the API: the embedded database keeps its own schema; a shared PostgreSQL is migrated first.
if (database.driver === 'pglite') await prepareDatabase(database);
else await assertMigrated(database);
installWorkerRuntime(logger, `${config.WORKER_METRICS_HOST}:${config.WORKER_METRICS_PORT}`);
const secrets = await loadSecrets(config);
const connection = await connectWorker(settings);
const temporal = await connectTemporal(settings, secrets.keyring);
const { worker, readModel } = await createConveyorWorker({
  connection,
  namespace: settings.namespace,
  taskQueue: settings.taskQueue,
  db: database.db,
  temporal,
  logger,
  secrets,
  outbound: processOutboundGuard(config, { settings, dev: devConfig }),
  config: serviceConfig(config),
  ai: aiProviderOf(config),
  identity: `conveyor-worker@${hostname()}:${process.pid}`,
  workflowBundleCacheDir: workflowBundleCacheDir(config),
});
logger.info(
  {
    address: settings.address,
    namespace: settings.namespace,
    task_queue: settings.taskQueue,
    metrics_port: config.WORKER_METRICS_PORT,
  },
  'worker polling',
);
const running = worker.run();
await ensureWebhookSweeperSchedule(temporal, logger, {
  olderThanSeconds: config.WEBHOOK_SWEEP_AFTER_SECONDS,
});
onShutdownSignal(logger, async () => {
  worker.shutdown();
  await running;
  // The database may be the reason we stop: what cannot be written now is logged, not thrown.
  await readModel
    .flush()
    .catch((error: unknown) => logger.error({ err: error }, 'read-model events lost at shutdown'));
  await connection.close();
  await temporal.close();
  await database.close();
});
await running;
