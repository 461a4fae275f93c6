// The baselines' worker: the raw SDK with its default options, on its own task queue of the same
// dev server the Conveyor worker uses, with its own bundle of the given workflows.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { rawActivities } from './raw-activities.js';

const RAW_WORKFLOW = fileURLToPath(new URL('./raw-workflow.ts', import.meta.url));

export interface RawWorker {
  taskQueue: string;
  close(): Promise<void>;
}

/** The throughput baseline: one activity per run (./raw-workflow.ts). */
export function startRawWorker(address: string, namespace: string): Promise<RawWorker> {
  return startRawSdkWorker({
    address,
    namespace,
    workflowsPath: RAW_WORKFLOW,
    activities: rawActivities,
    queuePrefix: 'raw-bench',
  });
}

export async function startRawSdkWorker(options: {
  address: string;
  namespace: string;
  workflowsPath: string;
  activities: object;
  queuePrefix: string;
}): Promise<RawWorker> {
  const { address, namespace, activities } = options;
  const taskQueue = `${options.queuePrefix}-${randomBytes(3).toString('hex')}`;
  const [connection, bundle] = await Promise.all([
    NativeConnection.connect({ address }),
    bundleWorkflowCode({ workflowsPath: options.workflowsPath, logger: quiet }),
  ]);
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle: { code: bundle.code },
    activities,
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
