// The raw-SDK baseline, measured in the same run on the same dev server: a default-options worker
// process idle, then with the same number of hand-written runs parked on a signal.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { MemorySample } from '../parked/probe.js';
import { runPool, waitUntil } from '../parked/scenario.js';
import { freePort, spawnProbed, stickyCacheSize } from '../parked/spawn-probed.js';
import type { Stack } from '../stack.js';

const WORKFLOW = fileURLToPath(new URL('./workflow.ts', import.meta.url));
const ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
const SETTLE_MS = 10_000;
const SAMPLE = 10;

export interface RawParkedResult {
  runs: number;
  idle: MemorySample;
  parked: MemorySample;
  cached: number;
  /** The SDK's default maxCachedWorkflows in a process like the worker's (same heap limit). */
  defaultCache: number;
  approved: number;
}

export async function measureRawParked(
  stack: Stack,
  scratch: string,
  runs: number,
  log: (message: string) => void,
): Promise<RawParkedResult> {
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOW, logger: quiet });
  const bundlePath = join(scratch, 'raw-workflows.js');
  writeFileSync(bundlePath, bundle.code);
  const taskQueue = `raw-parked-${randomBytes(3).toString('hex')}`;
  const metricsPort = await freePort();
  const worker = await spawnProbed(ENTRY, {
    address: stack.devServer.address,
    namespace: stack.devServer.namespace,
    taskQueue,
    bundlePath,
    metricsPort,
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const idle = await worker.measure(5);
    log(`raw idle worker: rss ${idle.rssMiB.toFixed(1)} MiB`);
    const client = stack.deps.temporal.client;
    const ids = await runPool(runs, 50, async (i) => {
      const workflowId = `${taskQueue}-${i}`;
      await client.workflow.start('parkedRun', { taskQueue, workflowId, args: [] });
      return workflowId;
    });
    const parkedCount = async () => (await worker.counters()).parked ?? 0;
    await waitUntil(
      async () => (await parkedCount()) >= runs,
      30 * 60_000,
      async () => log(`raw parked so far: ${await parkedCount()}`),
    );
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const parked = await worker.measure(5);
    const cached = await stickyCacheSize(metricsPort);
    log(`raw parked worker: rss ${parked.rssMiB.toFixed(1)} MiB, cache ${cached}`);
    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(runs / SAMPLE)) === 0).slice(0, SAMPLE);
    await runPool(sample.length, 5, async (i) => {
      const handle = client.workflow.getHandle(sample[i] as string);
      await handle.signal('approve');
      if ((await handle.result()) !== 'approved') throw new Error('raw run did not complete as approved');
    });
    return { runs, idle, parked, cached, defaultCache: defaultCacheSize(), approved: sample.length };
  } finally {
    await worker.stop();
  }
}

/** The SDK 1.24 default with reuseV8Context (worker-options.js): 600 runs per GiB of heap over 200 MiB. */
function defaultCacheSize() {
  const heapMiB = getHeapStatistics().heap_size_limit / 2 ** 20;
  return Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
}

const quiet = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => {},
};
