// The product as `npm start` runs it, assembled in one process for a benchmark: a Temporal dev
// server from temporal-dev.yml on a database file (or an external one), the embedded database (or
// DATABASE_URL), a Conveyor worker and the API listening on a free port.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import { buildApp } from '../../src/api/app.js';
import type { AppDeps } from '../../src/api/deps.js';
import { type RunningApi, serveApi } from '../../src/api/serve.js';
import { loadConfig } from '../../src/config.js';
import { openAppDatabase } from '../../src/db/open-app-database.js';
import { standInGuard } from '../../src/lib/outbound/build-guard.js';
import { buildSecrets, generateSigningKeyPem } from '../../src/secrets.js';
import { aiProviderOf } from '../../src/services/ai/anthropic-client.js';
import { serviceConfig } from '../../src/services/service-config.js';
import { prepareDatabase } from '../../src/services/setup/prepare-database.js';
import { resolveTemporalCli } from '../../src/temporal/cli-path.js';
import { connectTemporal } from '../../src/temporal/client.js';
import { type ConveyorWorker, createConveyorWorker } from '../../src/temporal/create-worker.js';
import { loadTemporalDevConfig, type TemporalDevConfig } from '../../src/temporal/dev-config.js';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server.js';
import { CHECKOUT_BUNDLE_CACHE_DIR, loadWorkflowBundle } from '../../src/temporal/workflow-bundle-cache.js';

export interface StackOptions {
  /** PostgreSQL instead of the embedded PGlite; the database must be empty or Conveyor's. */
  databaseUrl?: string;
  /** Keep the dev server in memory instead of on its SQLite file (the default, like `npm start`). */
  temporalInMemory?: boolean;
  /** Extra dynamic config for the dev server, over temporal-dev.yml's (to measure a lever). */
  dynamicConfig?: TemporalDevConfig['dynamic_config'];
  /** Start without a worker (a benchmark that runs its own). */
  worker?: boolean;
  /** Environment overrides for the config (e.g. RATE_LIMIT settings). */
  env?: Record<string, string>;
}

export interface Stack {
  apiUrl: string;
  deps: AppDeps;
  devServer: DevServer;
  devConfig: TemporalDevConfig;
  taskQueue: string;
  /** The prebundled workflow code, for extra workers. */
  workflowBundle: { code: string };
  /** The worker started with the stack (absent with `worker: false`). */
  worker?: ConveyorWorker;
  /** Starts one more Conveyor worker on the stack's task queue; stopped by `close`. */
  startWorker(): Promise<ConveyorWorker>;
  /** A new user and organization: an access token good for an hour. */
  register(label?: string): Promise<{ token: string; orgId: string; userId: string }>;
  close(): Promise<void>;
}

let runtimeInstalled = false;

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'conveyor-bench-'));
  const baseConfig = loadTemporalDevConfig();
  const devConfig: TemporalDevConfig = {
    ...baseConfig,
    dynamic_config: { ...baseConfig.dynamic_config, ...options.dynamicConfig },
  };
  const [devServer, bundle] = await Promise.all([
    resolveTemporalCli().then((cliPath) =>
      startDevServer({
        cliPath,
        config: devConfig,
        ...(options.temporalInMemory ? { ephemeral: true } : { dataDir: scratch, ports: freePorts }),
        headless: true,
        logFile: join(scratch, 'temporal.log'),
      }),
    ),
    loadWorkflowBundle({ cacheDir: CHECKOUT_BUNDLE_CACHE_DIR, logger: quietBundleCache }),
  ]);
  const taskQueue = `conveyor-bench-${randomBytes(3).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'production',
    CONVEYOR_DATA_DIR: scratch,
    TEMPORAL_ADDRESS: devServer.address,
    TEMPORAL_NAMESPACE: devServer.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    JWT_PRIVATE_KEY: generateSigningKeyPem(),
    CONVEYOR_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    // Benchmarks register many accounts from one loopback client.
    REGISTER_RATE_LIMIT_MAX: '100000',
    // Benchmarks park thousands of runs of one organization on purpose.
    MAX_RUNNING_EXECUTIONS_PER_ORG: '1000000',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  });
  const database = await openAppDatabase(config);
  await prepareDatabase(database, config.DATABASE_URL);
  const secrets = await buildSecrets(config.JWT_PRIVATE_KEY as string, config.CONVEYOR_MASTER_KEY as string);
  const logger = pino({ level: 'silent' });
  const temporal = await connectTemporal(
    { address: devServer.address, namespace: devServer.namespace, taskQueue },
    secrets.keyring,
  );
  const deps: AppDeps = {
    config,
    database,
    secrets,
    temporal,
    logger,
    outbound: standInGuard(devServer.address, devServer.ports),
    version: 'bench',
    startedAt: new Date(),
  };
  const api: RunningApi = await serveApi(buildApp(deps), '127.0.0.1', 0);

  const workers: { handle: ConveyorWorker; running: Promise<void>; connection: NativeConnection }[] = [];
  const startWorker = async () => {
    const connection = await NativeConnection.connect({ address: devServer.address });
    const handle = await createConveyorWorker({
      connection,
      namespace: devServer.namespace,
      taskQueue,
      db: database.db,
      temporal,
      logger,
      secrets,
      outbound: standInGuard(devServer.address, devServer.ports),
      config: serviceConfig(config),
      ai: aiProviderOf(config),
      workflowBundle: { code: bundle.code },
    });
    workers.push({ handle, running: handle.worker.run(), connection });
    return handle;
  };
  const worker = options.worker === false ? undefined : await startWorker();

  let accounts = 0;
  return {
    apiUrl: api.url,
    deps,
    devServer,
    devConfig,
    taskQueue,
    workflowBundle: { code: bundle.code },
    ...(worker ? { worker } : {}),
    startWorker,
    async register(label = 'bench') {
      accounts += 1;
      const response = await fetch(`${api.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `${label}-${process.pid}-${accounts}@example.com`,
          password: 'a long enough bench passphrase',
          name: label,
          organization_name: `${label} ${accounts}`,
        }),
      });
      const body = (await response.json()) as {
        access_token: string;
        user: { id: string };
        organization: { id: string };
      };
      if (response.status !== 201) throw new Error(`register: ${response.status} ${JSON.stringify(body)}`);
      return { token: body.access_token, orgId: body.organization.id, userId: body.user.id };
    },
    async close() {
      await api.close();
      for (const { handle, running, connection } of workers) {
        handle.worker.shutdown();
        await running;
        await handle.readModel.flush();
        await connection.close();
      }
      await temporal.close();
      await database.close();
      await devServer.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Every port free, so a benchmark never collides with a running `npm start`. */
const freePorts = { frontend: 0, ui: 0, metrics: 0, http: 0 };

const quietBundleCache = {
  debug: () => {},
  info: () => {},
  warn: (fields: object, message: string) => console.warn(message, fields),
  error: (fields: object, message: string) => console.error(message, fields),
};
