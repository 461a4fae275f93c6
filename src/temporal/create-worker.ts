import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';

/** The workflow bundle's entry; bundled by the Temporal bundler (webpack + swc), never run by Node. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface ConveyorWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Prebundled workflow code (tests, production); without it the worker bundles at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
}

/** The one place a Conveyor worker is assembled: workflows, activities and their limits. */
export function createConveyorWorker(options: ConveyorWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    // The native bridge rejects an explicit undefined identity; omitted, the SDK picks pid@host.
    ...(options.identity ? { identity: options.identity } : {}),
    activities: createActivities(),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    // Sized on purpose: each cached run holds its isolate state; 1,000 keeps a few hundred MiB.
    maxCachedWorkflows: 1000,
    shutdownGraceTime: '10 seconds',
  });
}
