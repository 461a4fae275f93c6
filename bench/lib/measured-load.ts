// A load run in its own process (run-load.ts) with the CPU each process of the stack spent serving
// it (cpu-meter.ts): the rate and latencies, and what one operation cost the machine.
import { cpus } from 'node:os';
import { type CpuProbe, type CpuUsage, measureCpu } from './cpu-meter.js';
import type { LoadSpec, ProcessLoadResult } from './load-process.js';
import type { BenchRow } from './report.js';
import { runLoadProcess } from './run-load.js';
import { median, summarize } from './stats.js';

export interface Measurement {
  load: ProcessLoadResult;
  cpu: CpuUsage;
}

export async function runMeasuredLoad(probes: readonly CpuProbe[], spec: LoadSpec): Promise<Measurement> {
  const { result, cpu } = await measureCpu(probes, () => runLoadProcess(spec));
  return { load: result, cpu };
}

/** CPU milliseconds per completed operation, by process and in all, over the whole load (warm-up included). */
export function cpuPerOperation({ load, cpu }: Measurement): {
  byProcess: Record<string, number>;
  total: number;
} {
  const operations = Math.max(1, load.completedTotal);
  const byProcess: Record<string, number> = {};
  for (const [name, ms] of Object.entries(cpu.byProbe)) byProcess[name] = ms / operations;
  byProcess['load generator'] = load.clientCpuMs / operations;
  const total = Object.values(byProcess).reduce((sum, ms) => sum + ms, 0);
  return { byProcess, total };
}

/**
 * "raw 50.1 ms (API 17.0, Temporal dev server 29.0, …; machine 80% busy; 2 cores allow ≤ 40/s)":
 * medians over repeated loads. The bound is the machine's CPU time per second over the cost of one.
 */
export function describeCpu(label: string, results: readonly Measurement[]): string {
  const names = Object.keys(cpuPerOperation(results[0] as Measurement).byProcess);
  const parts = names.map(
    (name) => `${name} ${median(results.map((r) => cpuPerOperation(r).byProcess[name] ?? 0)).toFixed(1)}`,
  );
  const busy = median(results.map((r) => r.cpu.machineBusy * 100));
  const total = median(results.map((r) => cpuPerOperation(r).total));
  const cores = cpus().length;
  const bound = (cores * 1000) / total;
  return `${label} ${total.toFixed(1)} ms (${parts.join(', ')}; machine ${busy.toFixed(0)}% busy; ${cores} cores allow ≤ ${bound.toFixed(0)}/s)`;
}

/** The row "CPU per operation, every process": the median over repeated loads against the baseline's. */
export function cpuRow(options: {
  metric: string;
  measured: readonly Measurement[];
  baseline: { name: string; measured: readonly Measurement[] };
  meaning: string;
}): BenchRow {
  const cpu = summarize(options.measured.map((m) => cpuPerOperation(m).total));
  const baseline = median(options.baseline.measured.map((m) => cpuPerOperation(m).total));
  return {
    metric: options.metric,
    value: cpu.median,
    unit: 'ms',
    baseline: { name: options.baseline.name, value: baseline },
    ratio: { value: cpu.median / baseline, meaning: options.meaning },
    spread: { min: cpu.min, max: cpu.max, runs: cpu.runs },
  };
}
