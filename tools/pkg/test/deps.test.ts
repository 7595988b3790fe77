/**
 * Each agent stands alone: no app imports another app, no app's bundle holds
 * another app's code, and each app's own workspace graph (turbo
 * --filter=<app>...) reaches no other app.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '../src/tree.js';
import { REPO } from './install-check.js';

const APPS = readdirSync(join(REPO, 'apps')).filter((a) => existsSync(join(REPO, 'apps', a, 'package.json')));
const nameOf = (app: string) => (JSON.parse(readFileSync(join(REPO, 'apps', app, 'package.json'), 'utf8')) as { name: string }).name;

describe.each(APPS)('%s', (app) => {
  const others = APPS.filter((a) => a !== app);

  it('imports no other app, by package name or by path', () => {
    const dir = join(REPO, 'apps', app);
    const offenders: string[] = [];
    for (const f of listFiles(dir).filter((f) => /\.(ts|mts|js|mjs|cjs)$/.test(f) && !f.startsWith('dist/') && !f.includes('node_modules/'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const o of others) {
        // Module specifiers only (from '…', import('…'), require('…')): a bench that runs another app's built bundle for comparison is no import.
        const spec = `(?:from\\s+|import\\(\\s*|require\\(\\s*)['"]`;
        const byName = new RegExp(`${spec}${nameOf(o)}(/|['"])`);
        const byPath = new RegExp(`${spec}[^'"]*(apps/${o}/|\\.\\./\\.\\./${o}/)`);
        if (byName.test(text) || byPath.test(text)) offenders.push(`${f} -> ${o}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("declares no other app in its package.json", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'apps', app, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const deps = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies };
    expect(Object.keys(deps).filter((d) => others.map(nameOf).includes(d))).toEqual([]);
  });

  it("bundles no other app's code (sources named by its source maps)", () => {
    const dist = join(REPO, 'apps', app, 'dist');
    const maps = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.mjs.map')) : [];
    if (maps.length === 0) throw new Error(`apps/${app}/dist has no bundle map; build it: npx turbo run build --filter=${app}`);
    const foreign: string[] = [];
    for (const m of maps) {
      const { sources } = JSON.parse(readFileSync(join(dist, m), 'utf8')) as { sources: string[] };
      for (const s of sources) for (const o of others) if (s.includes(`apps/${o}/`) || s.startsWith(`../../${o}/`)) foreign.push(`${m}: ${s}`);
    }
    expect(foreign).toEqual([]);
  });

  it('has a workspace graph (turbo --filter=<app>...) with no other app in it', () => {
    const r = spawnSync('npx', ['turbo', 'run', 'test', `--filter=${nameOf(app)}...`, '--dry-run=json'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout) as { packages: string[] };
    expect(plan.packages).toContain(nameOf(app));
    expect(plan.packages.filter((p) => others.map(nameOf).includes(p))).toEqual([]);
  });
});
