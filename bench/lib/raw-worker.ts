// The baseline's worker: the raw SDK with its default options, on its own task queue of the same
// dev server the Conveyor worker uses.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { rawActivities } from './raw-activities.js';

const RAW_WORKFLOW = fileURLToPath(new URL('./raw-workflow.ts', import.meta.url));

export interface RawWorker {
  taskQueue: string;
  close(): Promise<void>;
}

export async function startRawWorker(address: string, namespace: string): Promise<RawWorker> {
  const taskQueue = `raw-bench-${randomBytes(3).toString('hex')}`;
  const [connection, bundle] = await Promise.all([
    NativeConnection.connect({ address }),
    bundleWorkflowCode({ workflowsPath: RAW_WORKFLOW, logger: quiet }),
  ]);
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle: { code: bundle.code },
    activities: rawActivities,
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
