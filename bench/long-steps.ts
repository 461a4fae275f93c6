// Issue 7, benchmark 2: 10 sequential steps of fibo(33) (~38 ms of pure compute each here), run
// end to end through the API, against the compute floor: 10 × fibo(33) in plain Node, measured in
// the same run right after each flow. Each step is an `http` step calling the local fibo endpoint
// with n=33 (its own process, so the compute does not block the worker's event loop). The floor is
// measured in that same endpoint process, which is where the steps' compute runs: a floor taken in
// the benchmark process swung ±25% against it from run to run on this shared machine.
//
// `npx tsx bench/long-steps.ts` (LONG_RUNS=8, LONG_WARMUP=1).
import { createPublishedWorkflow } from './lib/api-client.js';
import { epochMs, fibo, startFiboServer } from './lib/fibo-server.js';
import {
  conveyorVariant,
  describeSplit,
  type FlowSample,
  measureRounds,
  medianSample,
  rawVariant,
  splitCalls,
} from './lib/flow/measure.js';
import { startRawFlowWorker } from './lib/raw-temporal/worker.js';
import { writeResult } from './lib/report.js';
import { startStack } from './lib/stack.js';
import { median, summarize } from './lib/stats.js';

const RUNS = Number(process.env.LONG_RUNS ?? 8);
const WARMUP = Number(process.env.LONG_WARMUP ?? 1);
const STEPS = 10;
const N = 33;
const TARGET_OVERHEAD_MS = 150;
/** ~38 ms of work: a short step, declared as such (at most 10 s runs as a local activity). */
const STEP_TIMEOUT = '5s';

const CONVEYOR = 'Conveyor (10 http steps)';
const RAW = 'hand-written, regular activities';
const RAW_LOCAL = 'hand-written, local activities';

/** The floor in this process too, for comparison: the same work in plain Node, no engine. */
function localFloorMs(): number {
  const start = epochMs();
  for (let i = 0; i < STEPS; i++) fibo(N);
  return epochMs() - start;
}

async function main() {
  const server = await startFiboServer();
  const url = `${server.url}?n=${N}`;
  const stack = await startStack();
  const raw = await startRawFlowWorker(stack.devServer.address, stack.devServer.namespace);
  try {
    const client = stack.deps.temporal.client;
    const { token } = await stack.register('long-steps');
    const workflowId = await createPublishedWorkflow(stack.apiUrl, token, 'long-steps', {
      steps: Array.from({ length: STEPS }, (_, i) => ({
        id: `fibo_${i + 1}`,
        type: 'http',
        config: { url },
        timeout: STEP_TIMEOUT,
      })),
    });
    const variants = [
      conveyorVariant(CONVEYOR, { url: stack.apiUrl, token, workflowId }, client),
      rawVariant(RAW, client, 'rawSequentialActivities', raw.taskQueue, [url, STEPS]),
      rawVariant(RAW_LOCAL, client, 'rawSequentialLocalActivities', raw.taskQueue, [url, STEPS]),
    ];
    // Round by round: the floor is measured between the flows, so it sees the same machine load.
    const samples = new Map<string, FlowSample[]>(variants.map((v) => [v.name, []]));
    const floors: number[] = [];
    const localFloors: number[] = [];
    for (let round = 0; round < WARMUP + RUNS; round++) {
      const measured = await measureRounds(variants, server, { warmup: 0, runs: 1, expectedCalls: STEPS });
      const floor = await server.floorMs(N, STEPS);
      const localFloor = localFloorMs();
      if (round < WARMUP) continue;
      floors.push(floor);
      localFloors.push(localFloor);
      for (const [name, list] of measured) samples.get(name)?.push(...list);
    }
    const floor = summarize(floors);
    const conveyorSamples = samples.get(CONVEYOR) ?? [];
    // Overhead per run against the floor measured right after it, then the median of those.
    const overheads = conveyorSamples.map((s, i) => s.totalMs - (floors[i] ?? floor.median));
    const overhead = summarize(overheads);
    const endpointOverheads = conveyorSamples.map((s) => s.totalMs - splitCalls(s).computeMs);
    const localFloor = summarize(localFloors);
    const stat = (name: string) => summarize((samples.get(name) ?? []).map((s) => s.totalMs));
    const conveyor = stat(CONVEYOR);
    const details = variants.map((variant) => {
      const list = samples.get(variant.name) ?? [];
      const sample = medianSample(list);
      const cpu = median(list.map((s) => s.cpuMs));
      return `${variant.name}: median ${stat(variant.name).median.toFixed(0)} ms (min ${stat(variant.name).min.toFixed(0)}, max ${stat(variant.name).max.toFixed(0)}); median run: ${describeSplit(splitCalls(sample))}; CPU of the benchmark process ${cpu.toFixed(0)} ms per run`;
    });
    writeResult({
      name: 'long-steps',
      title: `10 long steps: ${STEPS} sequential http steps calling a local fibo(${N}) endpoint`,
      command: 'npx tsx bench/long-steps.ts',
      rows: [
        {
          metric: `${STEPS} × fibo(${N}) steps, POST execute → result, minus the compute floor`,
          value: overhead.median,
          unit: 'ms',
          baseline: {
            name: `compute floor, ${STEPS} × fibo(${N}) in plain Node (endpoint process)`,
            value: floor.median,
          },
          ratio: { value: conveyor.median / floor.median, meaning: '× the floor (end to end / floor)' },
          target: {
            text: `overhead ≤ ${TARGET_OVERHEAD_MS} ms in total`,
            met: overhead.median <= TARGET_OVERHEAD_MS,
          },
          spread: { min: overhead.min, max: overhead.max, runs: overhead.runs },
        },
      ],
      notes: [
        `End to end ${conveyor.median.toFixed(0)} ms median (min ${conveyor.min.toFixed(0)}, max ${conveyor.max.toFixed(0)}, ${conveyor.runs} runs after ${WARMUP} warm-up); compute floor ${floor.median.toFixed(0)} ms median (min ${floor.min.toFixed(0)}, max ${floor.max.toFixed(0)}) in the endpoint process right after each round; the overhead is each run minus the floor measured after it.`,
        `Other floors: the same loop in the benchmark process took ${localFloor.median.toFixed(0)} ms median (min ${localFloor.min.toFixed(0)}, max ${localFloor.max.toFixed(0)}); the endpoint's own compute time during the runs (what the 10 calls took inside it) leaves an overhead of ${median(endpointOverheads).toFixed(0)} ms median.`,
        `The steps declare timeout ${STEP_TIMEOUT}, so they run as local activities (interpreter revision 2 and later): each step's result is a marker in history and the 10 steps pass without a server round trip between them; the outcome is recorded by a regular activity, whose scheduling ends the workflow task so the markers are committed (revision 3; see bench/flow-40 notes).`,
        ...details,
      ],
    });
  } finally {
    await raw.close();
    await stack.close();
    await server.close();
  }
}

await main();
process.exit(0);
