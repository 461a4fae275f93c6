import { randomBytes } from 'node:crypto';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import { inject } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { AppDeps } from '../../src/api/deps.js';
import type { App } from '../../src/api/env.js';
import { loadConfig } from '../../src/config.js';
import type { MasterKeySource } from '../../src/lib/keys/keyring.js';
import { standInGuard } from '../../src/lib/outbound/build-guard.js';
import { buildSecrets, generateSigningKeyPem } from '../../src/secrets.js';
import { aiProviderOf } from '../../src/services/ai/anthropic-client.js';
import { serviceConfig } from '../../src/services/service-config.js';
import { connectTemporal } from '../../src/temporal/client.js';
import { type ConveyorWorker, createConveyorWorker } from '../../src/temporal/create-worker.js';
import { cloneTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: App;
  deps: AppDeps;
  testDatabase: TestDatabase;
  /** Starts a real worker on this app's own task queue, with the prebundled workflow code. */
  startWorker(): Promise<ConveyorWorker>;
  close(): Promise<void>;
}

/**
 * The real app over a fresh database and the suite's Temporal dev server. Each app gets its own
 * task queue, so workers and runs of different test files never meet.
 */
export interface TestAppOptions {
  /** Every log line the API and its workers write, at trace level, for tests that read the logs. */
  logLines?: string[];
  /** The master keys by version (version 1 among them), for a test that adds a version while the app runs. */
  masterKeys?: MasterKeySource;
  /** A Temporal server of the test's own (the Web UI test's), instead of the suite's. */
  ownTemporal?: { address: string; namespace: string; ports: { http: number; ui: number; metrics: number } };
}

export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const { ownTemporal } = options;
  const temporalAddress = ownTemporal?.address ?? inject('temporalAddress');
  const temporalNamespace = ownTemporal?.namespace ?? inject('temporalNamespace');
  const temporalPorts = ownTemporal?.ports ?? inject('temporalPorts');
  const testDatabase = await cloneTestDatabase(inject('databaseTemplate'));
  const taskQueue = `conveyor-test-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: temporalNamespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    LOG_LEVEL: 'silent',
    // Scheduled-run tests fire every second; the 60 s default is checked where it is the subject.
    SCHEDULE_MIN_INTERVAL_SECONDS: '1',
    ...env,
  });
  const first = options.masterKeys?.().find((key) => key.version === 1)?.key ?? randomBytes(32);
  const secrets = await buildSecrets(generateSigningKeyPem(), first.toString('base64'), options.masterKeys);
  const temporal = await connectTemporal(
    { address: temporalAddress, namespace: temporalNamespace, taskQueue },
    secrets.keyring,
  );
  const deps: AppDeps = {
    config,
    database: testDatabase.database,
    secrets,
    temporal,
    // The API's own requests (OAuth providers) reach the same loopback stand-ins as the worker's.
    outbound: standInGuard(temporalAddress, temporalPorts),
    logger: options.logLines
      ? pino({ level: 'trace' }, { write: (line: string) => options.logLines?.push(line) })
      : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    version: 'test',
    startedAt: new Date(),
  };
  const workers: (ConveyorWorker & { running: Promise<void>; connection: NativeConnection })[] = [];

  return {
    app: buildApp(deps),
    deps,
    testDatabase,
    async startWorker() {
      quietSdkLogs();
      const connection = await NativeConnection.connect({ address: temporalAddress });
      const conveyorWorker = await createConveyorWorker({
        connection,
        namespace: temporalNamespace,
        taskQueue,
        db: testDatabase.database.db,
        temporal,
        logger: deps.logger,
        secrets,
        // The stand-ins listen on loopback; the suite's Temporal server stays protected.
        outbound: deps.outbound,
        config: serviceConfig(config),
        ai: aiProviderOf(config),
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      workers.push({ ...conveyorWorker, running: conveyorWorker.worker.run(), connection });
      return conveyorWorker;
    },
    async close() {
      for (const { worker, readModel, running, connection } of workers) {
        worker.shutdown();
        await running;
        await readModel.flush();
        await connection.close();
      }
      await temporal.close();
      await testDatabase.drop();
    },
  };
}

let runtimeInstalled = false;

/** The SDK logs every worker state change at INFO; tests keep warnings only. Once per process. */
function quietSdkLogs() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier test file in this process.
  }
}
