/** Statistics, table printing and the common frame of every agent benchmark (npm run bench in each app). */
import { existsSync } from 'node:fs';
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Fixed-width table; first row is the header. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** GA_BENCH_SHORT=1: CI's short mode (figures only, fewer and shorter rounds). */
export const SHORT = process.env.GA_BENCH_SHORT === '1';

/** Progress on stderr, so stdout holds only the table. */
export const log = (s) => process.stderr.write(`[bench] ${s}\n`);

/** A bench prints why it did not run and exits 0: benches never fail CI. */
export function exitIfMissing(missing) {
  if (missing.length === 0) return;
  for (const m of missing) console.log(`bench not run: ${m}`);
  process.exit(0);
}

/** samples.get(metric)[kind] = numbers, for kinds measured side by side (ours, reference, bare node...). */
export class Samples {
  #byMetric = new Map();
  constructor(kinds) {
    this.kinds = kinds;
  }
  add(metric, kind, v) {
    if (!this.#byMetric.has(metric)) this.#byMetric.set(metric, Object.fromEntries(this.kinds.map((k) => [k, []])));
    this.#byMetric.get(metric)[kind].push(v);
  }
  get(metric) {
    return this.#byMetric.get(metric);
  }
  metrics() {
    return [...this.#byMetric.keys()];
  }
}

/** The messages for the files of `[path, what to do]` that do not exist (a bench's prerequisites). */
export function missingFiles(entries) {
  return entries.filter(([path]) => !existsSync(path)).map(([path, fix]) => `${path} is missing: ${fix}`);
}
