// Small statistics for benchmark samples: medians and percentiles over repeated runs.

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank: the smallest sample with at least p% of the samples at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** Median with the spread of the repeated runs, for BENCHMARKS.md. */
export function summarize(samples: readonly number[]): {
  median: number;
  min: number;
  max: number;
  runs: number;
} {
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
  };
}

/** Milliseconds since `start` (from performance.now()). */
export const elapsedMs = (start: number) => performance.now() - start;
