// A Conveyor worker as its own process, exactly as createConveyorWorker assembles it for
// `npm run worker`, on the benchmark stack's dev server, task queue and PostgreSQL. Its memory is
// read through the probe (bench/lib/parked/probe.ts).
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/client.js';
import { standInGuard } from '../../../src/lib/outbound/build-guard.js';
import { buildSecrets, generateSigningKeyPem } from '../../../src/secrets.js';
import { aiProviderOf } from '../../../src/services/ai/anthropic-client.js';
import { serviceConfig } from '../../../src/services/service-config.js';
import { connectTemporal } from '../../../src/temporal/client.js';
import { createConveyorWorker } from '../../../src/temporal/create-worker.js';
import { loadTemporalDevConfig } from '../../../src/temporal/dev-config.js';
import { serveProbe } from './probe.js';

export interface ConveyorWorkerSpec {
  address: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  masterKeyBase64: string;
  /** The prebundled workflow code on disk, so this process does not bundle (webpack's garbage). */
  bundlePath: string;
  metricsPort: number;
}

const spec = JSON.parse(process.env.PROBED_SPEC as string) as ConveyorWorkerSpec;
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${spec.metricsPort}` } } },
  shutdownSignals: [],
});
const database = await openDatabase({ url: spec.databaseUrl, poolSize: 10 });
const secrets = await buildSecrets(generateSigningKeyPem(), spec.masterKeyBase64);
const temporal = await connectTemporal(
  { address: spec.address, namespace: spec.namespace, taskQueue: spec.taskQueue },
  secrets.keyring,
);
const connection = await NativeConnection.connect({ address: spec.address });
const { worker, readModel } = await createConveyorWorker({
  connection,
  namespace: spec.namespace,
  taskQueue: spec.taskQueue,
  db: database.db,
  temporal,
  logger: pino({ level: 'silent' }),
  secrets,
  config: serviceConfig(loadConfig({})),
  ai: aiProviderOf({}),
  outbound: standInGuard(spec.address, loadTemporalDevConfig().ports),
  workflowBundle: { codePath: spec.bundlePath },
});
const running = worker.run();
serveProbe(
  () => ({}),
  async () => {
    worker.shutdown();
    await running;
    await readModel.flush();
    await connection.close();
    await temporal.close();
    await database.close();
  },
);
