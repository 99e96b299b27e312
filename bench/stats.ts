// Summary statistics for a list of samples: what every table in docs/BENCHMARKS.md reports.

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  /** Inter-quartile range: the spread that a few outliers on a shared machine do not inflate. */
  readonly iqr: number;
  readonly mean: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  const mean = list.reduce((sum, value) => sum + value, 0) / Math.max(1, list.length);
  return {
    n: list.length,
    median: percentile(list, 50),
    p95: percentile(list, 95),
    p99: percentile(list, 99),
    min: list[0] ?? Number.NaN,
    max: list[list.length - 1] ?? Number.NaN,
    iqr: percentile(list, 75) - percentile(list, 25),
    mean,
  };
}
