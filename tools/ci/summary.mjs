#!/usr/bin/env node
// Adds up the per-package results that tools/jest-preset/results-reporter.cjs
// wrote and prints the one line CI reads: "N passed, N failed". A test script
// that should have run but wrote no results (a crashed or never-started jest)
// counts as a failure, so a broken package cannot pass by silence.
// Usage: node tools/ci/summary.mjs <results-dir> <script>[,<script>...] [extra-results.json...]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [dir, scriptList = 'test'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: summary.mjs <results-dir> <script,...>');
  process.exit(2);
}
const scripts = scriptList.split(',');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const workspaces = rootPkg.workspaces.flatMap((glob) => {
  const base = join(root, glob.replace('/*', ''));
  return existsSync(base) ? readdirSync(base).map((d) => join(base, d)) : [];
}).filter((d) => existsSync(join(d, 'package.json')));

let passed = 0, failed = 0, skipped = 0;
const rows = [];
const claimed = new Set();
for (const ws of workspaces) {
  const pkg = JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8'));
  for (const script of scripts) {
    if (!pkg.scripts?.[script]) continue;
    const file = join(dir, `${pkg.name.replace(/[@/]/g, '_')}.${script.replace(/:/g, '-')}.json`);
    if (!existsSync(file)) {
      failed += 1;
      rows.push(`  ${pkg.name} ${script}: NO RESULTS (the run crashed or never started: see its log above)`);
      continue;
    }
    claimed.add(file);
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.passed; failed += r.failed; skipped += r.skipped;
    rows.push(`  ${pkg.name} ${script}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
  }
}
// Results of jest runs that are no package script (the matrix's install
// tests, GA_RESULTS_KIND=package-<app>): counted too, so none passes by being unlisted.
for (const f of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('figures-')).sort()) {
  const file = join(dir, f);
  if (claimed.has(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof r.passed !== 'number') continue;
  passed += r.passed; failed += r.failed; skipped += r.skipped;
  rows.push(`  ${r.name} ${r.kind}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
}
// Extra checks (typecheck, docs freshness) recorded by test-all.sh as {name, ok}.
const extra = join(dir, 'checks.jsonl');
if (existsSync(extra)) {
  for (const line of readFileSync(extra, 'utf8').split('\n').filter(Boolean)) {
    const c = JSON.parse(line);
    if (c.ok) passed += 1; else failed += 1;
    rows.push(`  check ${c.name}: ${c.ok ? 'ok' : 'FAILED'}`);
  }
}
// The per-app matrix of test-all.sh, with the install tests' figures.
const matrix = join(dir, 'matrix.jsonl');
if (existsSync(matrix)) {
  const figures = (deb) => {
    const f = join(dir, `figures-${deb.split('_')[0]}.json`);
    return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : {};
  };
  const kib = (n) => (n ? `${(n / 1024).toFixed(0)} KiB` : '-');
  const table = [['app', 'result', 'time', 'package', 'bundle', 'first reply', 'node -e 0', 'ratio']];
  for (const line of readFileSync(matrix, 'utf8').split('\n').filter(Boolean)) {
    const m = JSON.parse(line);
    const f = figures(m.deb);
    const t = `${Math.floor(m.seconds / 60)}m${String(m.seconds % 60).padStart(2, '0')}s`;
    table.push([m.app, m.ok ? 'pass' : 'FAIL', t, m.debBytes ? `${m.deb} ${kib(m.debBytes)}` : 'none', kib(f.bundleBytes),
      f.firstReplyMs !== undefined ? `${f.firstReplyMs} ms` : '-', f.bareNodeMs !== undefined ? `${f.bareNodeMs} ms` : '-', f.ratio !== undefined ? `${f.ratio}x` : '-']);
  }
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  console.log('Per-app matrix:');
  for (const r of table) console.log(`  ${r.map((c, i) => c.padEnd(widths[i])).join('  ')}`);
}
console.log('Results by package:');
console.log(rows.join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
