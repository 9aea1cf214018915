// Shared shape of benchmark figures, so `pnpm bench` can print every package's
// measurements in one Markdown table. Timing lives here and in bench scripts only,
// never in unit tests.

export interface Stats {
  median: number;
  min: number;
  max: number;
  samples: number;
}

/** One printed row: a figure, and optionally the baseline it is compared with. */
export interface BenchRow {
  /** Section heading, e.g. "store" or "hooks". */
  group: string;
  /** What was measured, e.g. "heartbeat (lanes ping)". */
  figure: string;
  unit: 'ms' | 'tx/s' | 'PRDs/min' | 'count' | '%';
  stats: Stats;
  /** The baseline measured in the same run. */
  baseline?: { figure: string; stats: Stats };
  /** The target in words, e.g. "≤ 1.5× baseline". */
  target?: string;
  /** Whether the target was met (omit when there is none). */
  met?: boolean;
  note?: string;
}

export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) return { median: NaN, min: NaN, max: NaN, samples: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples: sorted.length };
}

/** Runs `fn` `runs` times after `warmup` unmeasured runs; wall-clock ms per run. */
export async function measure(
  fn: () => Promise<unknown>,
  runs: number,
  warmup = 1,
): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** The median ratio of a figure to its baseline. */
export function ratio(row: BenchRow): number | undefined {
  if (!row.baseline || !(row.baseline.stats.median > 0)) return undefined;
  return row.stats.median / row.baseline.stats.median;
}

function formatNumber(value: number, unit: BenchRow['unit']): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'count') return String(Math.round(value));
  if (unit === '%') return `${value.toFixed(0)} %`;
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function formatStats(stats: Stats, unit: BenchRow['unit']): string {
  const median = formatNumber(stats.median, unit);
  const range =
    stats.samples > 1 ? ` (${formatNumber(stats.min, unit)}–${formatNumber(stats.max, unit)})` : '';
  return `${median}${range}${unit === 'count' || unit === '%' ? '' : ` ${unit}`}`;
}

/** One Markdown table of every row, grouped in the order given. */
export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| group | figure | median (min–max) | baseline | baseline median (min–max) | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const r = ratio(row);
    lines.push(
      [
        row.group,
        row.note ? `${row.figure} — ${row.note}` : row.figure,
        formatStats(row.stats, row.unit),
        row.baseline?.figure ?? '',
        row.baseline ? formatStats(row.baseline.stats, row.unit) : '',
        r === undefined ? '' : `${r.toFixed(2)}×`,
        row.target ?? '',
        row.met === undefined ? '' : row.met ? 'yes' : 'no',
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    );
  }
  return lines.join('\n');
}

/**
 * The order in which to run a benchmark's variants: the first (the baseline) before,
 * between and after the others, and the largest of the others in the middle. This
 * machine's speed drifts by a third within minutes (a VM on a shared host); variants
 * run one block after another were compared with a baseline taken at another speed.
 */
export function interleaveRuns(
  variants: readonly number[],
  runs: (variant: number) => number,
): number[] {
  const [base, ...others] = variants;
  if (base === undefined) return [];
  const repeat = (variant: number, times: number) => Array.from({ length: times }, () => variant);
  const largest = Math.max(...others);
  const rest = others.filter((v) => v !== largest).flatMap((v) => repeat(v, runs(v)));
  const half = Math.ceil(rest.length / 2);
  const order =
    others.length === 0
      ? []
      : [...rest.slice(0, half), ...repeat(largest, runs(largest)), ...rest.slice(half)];
  const trailing = Math.max(1, runs(base) - order.length);
  return [...order.flatMap((variant) => [base, variant]), ...repeat(base, trailing)];
}
