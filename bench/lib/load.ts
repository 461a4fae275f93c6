// A closed-loop load generator: `concurrency` clients, each starting its next operation as soon as
// its last one finished, the way n8n's and Temporal's throughput figures are measured. Throughput
// is read in fixed windows after a warm-up, and the run stops once the last few windows agree
// ("until steady") or a time limit is reached. Latencies are kept only for the steady windows.
import { percentile } from './stats.js';

export interface LoadOptions {
  concurrency: number;
  /** Operations before this are not counted (JIT, caches, connection pools warming up). */
  warmupMs: number;
  windowMs: number;
  /** Steady means: the last `steadyWindows` windows each within `tolerance` of their mean. */
  steadyWindows: number;
  tolerance: number;
  /** Stop here even if never steady (the result says so). */
  maxMs: number;
}

export interface LoadResult {
  concurrency: number;
  /** Operations per second over the steady windows. */
  rate: number;
  p50Ms: number;
  p99Ms: number;
  /** Operations counted in the steady windows. */
  operations: number;
  /** Every operation completed in the whole run, warm-up included. */
  completedTotal: number;
  errors: number;
  firstError?: string;
  steady: boolean;
  /** Rate of every window after the warm-up, for the notes. */
  windowRates: number[];
}

interface Sample {
  endedAt: number;
  latencyMs: number;
}

/** Runs `operation` in a closed loop; an operation that throws counts as an error, not a sample. */
export async function runClosedLoop(
  options: LoadOptions,
  operation: () => Promise<void>,
): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const samples: Sample[] = [];
  let completedTotal = 0;
  let errors = 0;
  let firstError: string | undefined;
  let stopped = false;

  const client = async () => {
    while (!stopped) {
      const began = performance.now();
      try {
        await operation();
        const endedAt = performance.now();
        completedTotal += 1;
        if (began >= measureFrom) samples.push({ endedAt, latencyMs: endedAt - began });
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        // An erroring target would otherwise spin this loop at full speed.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  const windowRates: number[] = [];
  let steady = false;
  const watch = async () => {
    await sleep(options.warmupMs);
    // Windows are cut on operations that *started* after the warm-up, so none straddles it.
    for (let index = 0; ; index += 1) {
      await sleep(options.windowMs);
      const from = measureFrom + index * options.windowMs;
      const to = from + options.windowMs;
      const count = samples.filter((s) => s.endedAt >= from && s.endedAt < to).length;
      windowRates.push((count * 1000) / options.windowMs);
      if (isSteady(windowRates, options)) {
        steady = true;
        break;
      }
      if (performance.now() - start >= options.maxMs) break;
    }
    stopped = true;
  };

  const clients = Array.from({ length: options.concurrency }, client);
  await watch();
  // Let in-flight operations finish so the stack is idle for whatever runs next.
  await Promise.all(clients);

  const counted =
    windowRates.length >= options.steadyWindows && steady ? options.steadyWindows : windowRates.length;
  const lastFrom = measureFrom + (windowRates.length - counted) * options.windowMs;
  const lastTo = measureFrom + windowRates.length * options.windowMs;
  const inSteady = samples.filter((s) => s.endedAt >= lastFrom && s.endedAt < lastTo);
  const latencies = inSteady.map((s) => s.latencyMs);
  return {
    concurrency: options.concurrency,
    rate: (inSteady.length * 1000) / (lastTo - lastFrom),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    operations: inSteady.length,
    completedTotal,
    errors,
    ...(firstError ? { firstError } : {}),
    steady,
    windowRates,
  };
}

function isSteady(rates: number[], options: LoadOptions): boolean {
  if (rates.length < options.steadyWindows) return false;
  const last = rates.slice(-options.steadyWindows);
  const mean = last.reduce((sum, rate) => sum + rate, 0) / last.length;
  return mean > 0 && last.every((rate) => Math.abs(rate - mean) <= options.tolerance * mean);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
