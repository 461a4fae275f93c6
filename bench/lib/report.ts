// What each benchmark leaves behind: bench/results/<name>.json, which bench/run.ts gathers into
// BENCHMARKS.md. A figure is a ratio against a baseline measured in the same run, with the
// absolute numbers beside it, because the machine is shared and noisy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  /** What is measured, e.g. "40-step flow, end to end". */
  metric: string;
  /** Conveyor's figure (the median over runs). */
  value: number;
  unit: string;
  /** The same measurement of the baseline, in the same run. */
  baseline?: { name: string; value: number };
  /** value / baseline, or baseline / value: whichever the target is phrased in; say which. */
  ratio?: { value: number; meaning: string };
  /** The target as the issue states it, and whether this run met it. */
  target?: { text: string; met: boolean };
  /** Spread over the repeated runs. */
  spread?: { min: number; max: number; runs: number };
}

export interface BenchResult {
  name: string;
  title: string;
  /** The command that reproduces it. */
  command: string;
  rows: BenchRow[];
  /** Breakdowns, evidence, and why a missed target is missed. */
  notes: string[];
}

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${arch()}, Node ${process.version}`;
}

/** Writes the result file and prints the rows, so a run by hand shows what it measured. */
export function writeResult(result: BenchResult): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${result.name}.json`);
  const command = `${settingsInEffect()}${result.command}`;
  writeFileSync(
    file,
    `${JSON.stringify({ ...result, command, machine: machine(), at: new Date().toISOString() }, null, 2)}\n`,
  );
  console.log(`\n${result.title}`);
  for (const row of result.rows) {
    const base = row.baseline ? `  (${row.baseline.name}: ${fmt(row.baseline.value)} ${row.unit})` : '';
    const ratio = row.ratio ? `  ratio ${row.ratio.value.toFixed(2)} ${row.ratio.meaning}` : '';
    const target = row.target ? `  [${row.target.met ? 'met' : 'MISSED'}: ${row.target.text}]` : '';
    console.log(`  ${row.metric}: ${fmt(row.value)} ${row.unit}${base}${ratio}${target}`);
  }
  for (const note of result.notes) console.log(`  - ${note}`);
  console.log(`  -> ${file}`);
}

/** The benchmarks' own knobs set in the environment, as a command prefix: what reproduces the figures. */
function settingsInEffect(): string {
  const knob = /^(BENCH|THROUGHPUT|EXECUTE|LIST|FLOW|LONG|PARKED|CLAIM)_[A-Z_]+$/;
  return Object.entries(process.env)
    .filter(([name]) => knob.test(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value} `)
    .join('');
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
