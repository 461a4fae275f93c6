// The baselines' worker: the raw SDK with its default options, on its own task queue of the same
// dev server the Conveyor worker uses, with its own bundle of ./workflows.ts.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { rawFlowActivities } from './activities.js';

const WORKFLOWS = fileURLToPath(new URL('./workflows.ts', import.meta.url));

export interface RawFlowWorker {
  taskQueue: string;
  close(): Promise<void>;
}

export async function startRawFlowWorker(address: string, namespace: string): Promise<RawFlowWorker> {
  const taskQueue = `raw-flow-${randomBytes(3).toString('hex')}`;
  const [connection, bundle] = await Promise.all([
    NativeConnection.connect({ address }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS, logger: quiet }),
  ]);
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle: { code: bundle.code },
    activities: rawFlowActivities,
  });
  const running = worker.run();
  return {
    taskQueue,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

const quiet = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => {},
};
