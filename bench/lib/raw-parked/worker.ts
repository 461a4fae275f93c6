// The raw-SDK baseline worker as its own process: Worker.create with the SDK's default options
// (its default sticky cache is sized from the heap limit: ~2,300 runs with Node 20's ~4 GiB here).
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { serveProbe } from '../parked/probe.js';

export interface RawParkedSpec {
  address: string;
  namespace: string;
  taskQueue: string;
  bundlePath: string;
  metricsPort: number;
}

const spec = JSON.parse(process.env.PROBED_SPEC as string) as RawParkedSpec;
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${spec.metricsPort}` } } },
  shutdownSignals: [],
});
let parked = 0;
const connection = await NativeConnection.connect({ address: spec.address });
const worker = await Worker.create({
  connection,
  namespace: spec.namespace,
  taskQueue: spec.taskQueue,
  workflowBundle: { codePath: spec.bundlePath },
  activities: {
    async recordParked() {
      parked += 1;
    },
  },
});
const running = worker.run();
serveProbe(
  () => ({ parked }),
  async () => {
    worker.shutdown();
    await running;
    await connection.close();
  },
);
