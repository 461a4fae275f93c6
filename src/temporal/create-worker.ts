import { type InjectedSinks, type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.js';
import type { Db } from '../db/client.js';
import type { OutboundGuard } from '../lib/outbound/guard.js';
import type { Secrets } from '../secrets.js';
import type { AiProvider } from '../services/ai/anthropic-client.js';
import { systemClock } from '../services/context.js';
import { noLiveEvents } from '../services/events/hub.js';
import { ReadModelWriter } from '../services/executions/read-model-writer.js';
import type { ServiceConfig } from '../services/service-config.js';
import { aiTaskQueue } from '../workflows/ai-messages.js';
import type { ExecutionSinks } from '../workflows/sinks.js';
import type { TemporalHandle } from './client.js';
import { conveyorDataConverter } from './data-converter.js';
import { loadWorkflowBundle } from './workflow-bundle-cache.js';

export type ConveyorWorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  /** A client for activities that start or signal runs (sub-workflows, event triggers). */
  temporal: TemporalHandle;
  logger: Logger;
  /** The master key seals the Temporal task tokens of agent tasks at rest; the keyring, payloads. */
  secrets: Secrets;
  /** The outbound guard for http steps and every other request to a user-given address. */
  outbound: OutboundGuard;
  /** What services read of the configuration (tenant limits for the runs activities start). */
  config: ServiceConfig;
  /** The deployment's Anthropic key and address (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL). */
  ai: AiProvider;
  identity?: string;
} & WorkflowCodeSource;

/** Where the workflow code comes from: a bundle handed over, or the bundle cache (built on a miss). */
type WorkflowCodeSource =
  /** Prebundled workflow code (the test suite's workers share one). */
  | { workflowBundle: NonNullable<WorkerOptions['workflowBundle']>; workflowBundleCacheDir?: undefined }
  /**
   * The workflow bundle cache (`npm start`, `npm run worker`, the history recorder): the bundle is
   * built only when the workflow sources changed since one was stored there.
   */
  | { workflowBundle?: undefined; workflowBundleCacheDir: string };

export interface ConveyorWorker {
  /** The main queue's worker and the AI queue's, run and shut down together. */
  worker: WorkerPair;
  readModel: ReadModelWriter;
}

/** Slow model calls one process runs at once on the AI queue; more wait in Temporal's queue. */
const AI_CONCURRENT_ACTIVITIES = 20;

/**
 * Two Temporal workers as one: the main task queue's and the AI task queue's (`<queue>-ai`, see
 * workflows/ai-messages.ts), which share the workflow code and activities but not their slots.
 */
export class WorkerPair {
  constructor(
    readonly main: Worker,
    readonly ai: Worker,
  ) {}

  /** Runs both until both stop; one failing stops the other too. */
  async run(): Promise<void> {
    const runs = [this.main.run(), this.ai.run()];
    try {
      await Promise.all(runs);
    } catch (error) {
      this.shutdown();
      await Promise.allSettled(runs);
      throw error;
    }
  }

  shutdown(): void {
    for (const worker of [this.main, this.ai]) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
  }

  /** Runs both while `fn` runs, then shuts them down (the history recorder's shape). */
  async runUntil<R>(fn: () => Promise<R>): Promise<R> {
    const running = this.run();
    try {
      return await fn();
    } finally {
      this.shutdown();
      await running;
    }
  }
}

/** The one place a Conveyor worker is assembled: workflows, activities, read-model sinks, limits. */
export async function createConveyorWorker(options: ConveyorWorkerOptions): Promise<ConveyorWorker> {
  const readModel = new ReadModelWriter(options.db, options.logger);
  const sinks: InjectedSinks<ExecutionSinks> = {
    readModel: {
      // Not on replay: a replayed run already wrote these events the first time.
      step: { fn: (_info, event) => readModel.step(event), callDuringReplay: false },
      log: { fn: (_info, event) => readModel.log(event), callDuringReplay: false },
    },
  };
  const shared = {
    connection: options.connection,
    namespace: options.namespace,
    // The native bridge rejects an explicit undefined identity; omitted, the SDK picks pid@host.
    ...(options.identity ? { identity: options.identity } : {}),
    activities: createActivities({
      platform: {
        db: options.db,
        temporal: options.temporal,
        secrets: options.secrets,
        config: options.config,
        logger: options.logger,
        clock: systemClock,
        outbound: options.outbound,
        events: noLiveEvents,
      },
      readModel,
      outbound: options.outbound,
      ai: options.ai,
    }),
    sinks,
    dataConverter: conveyorDataConverter(options.secrets.keyring),
    ...(await workflowCode(options)),
    // Sized on purpose: with the libraries preloaded a cached run costs ~0.25 MiB, so 500 keeps a
    // worker with any number of parked runs within 1.5x its idle memory (bench/parked-runs.ts);
    // runs beyond it replay their history when they next move.
    maxCachedWorkflows: 500,
    shutdownGraceTime: '10 seconds',
  } satisfies Omit<WorkerOptions, 'taskQueue'>;
  const main = await Worker.create({ ...shared, taskQueue: options.taskQueue });
  const ai = await Worker.create({
    ...shared,
    taskQueue: aiTaskQueue(options.taskQueue),
    maxConcurrentActivityTaskExecutions: AI_CONCURRENT_ACTIVITIES,
    // AI runs are short and never parked: a small cache is enough.
    maxCachedWorkflows: 50,
  });
  const worker = new WorkerPair(main, ai);

  return { worker, readModel };
}

async function workflowCode(options: ConveyorWorkerOptions): Promise<Pick<WorkerOptions, 'workflowBundle'>> {
  if (options.workflowBundle) return { workflowBundle: options.workflowBundle };
  const { code } = await loadWorkflowBundle({
    cacheDir: options.workflowBundleCacheDir,
    logger: options.logger,
  });
  return { workflowBundle: { code } };
}
