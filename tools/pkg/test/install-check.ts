/**
 * The install test every agent package gets: dpkg -i into a throw-away root,
 * lintian, systemd-analyze verify of the installed units, start the installed
 * launcher and get a first reply, dpkg -r (only conffiles stay), dpkg --purge
 * (nothing stays). The cold start to first reply is recorded next to a bare
 * `node -e 0` of the same run, as a figure (never asserted).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specFor, type AppSpec } from '../src/app-specs.js';
import { buildNodeMarker, NODE_MARKER_PKG } from '../src/node-marker.js';
import { listFiles } from '../src/tree.js';
import { makeRoot, needTool, type Root } from './throwaway-root.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface FirstReply {
  /** What the agent answered first (shown when the check fails). */
  reply: string;
  ok: boolean;
  /** ms from spawning the launcher to the reply. */
  ms: number;
}

/** Starts the installed program `launcher` in `work` and returns its first reply; must stop it. */
export type Talk = (launcher: string, work: string) => Promise<FirstReply>;

export function debFor(spec: AppSpec): string {
  const version = (JSON.parse(readFileSync(join(REPO, 'apps', spec.app, 'package.json'), 'utf8')) as { version: string }).version;
  return join(REPO, 'apps', spec.app, 'dist', `${spec.pkg}_${version}_amd64.deb`);
}

function bareNodeMs(): number {
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function recordFigures(spec: AppSpec, figures: Record<string, number | string>): void {
  console.log(`${spec.pkg} figures: ${JSON.stringify(figures)}`);
  const dir = process.env.GA_RESULTS_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `figures-${spec.pkg}.json`), JSON.stringify(figures));
  }
}

export function describeInstall(app: string, talk: Talk): void {
  const spec = specFor(app);
  const deb = debFor(spec);
  let root: Root;
  let work: string;
  let baseline: Set<string>;
  let payload: string[];

  describe(`${spec.pkg} package`, () => {
    beforeAll(() => {
      if (!existsSync(deb)) throw new Error(`${deb} is missing; build it: npx turbo run package --filter=${app}`);
      const depends = spawnSync('dpkg-deb', ['-f', deb, 'Depends'], { encoding: 'utf8' }).stdout;
      const libs = depends.split(',').map((d) => d.trim().split(/[ (]/)[0]!).filter((d) => d && d !== 'nodejs');
      root = makeRoot(libs);
      work = mkdtempSync(join(tmpdir(), `${spec.pkg}-work-`));
      baseline = new Set(listFiles(root.dir));
      const marker = buildNodeMarker(work);
      const m = root.dpkg('-i', marker.deb);
      if (m.status !== 0) throw new Error(`installing ${NODE_MARKER_PKG} failed: ${m.out}`);
      payload = spawnSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' }).stdout.split('\n')
        .filter((l) => l.startsWith('-')).map((l) => l.slice(l.indexOf('./') + 1));
    });
    afterAll(() => {
      root?.remove();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('is lintian-clean (informational tags are overridden with reasons in the package)', () => {
      needTool('/usr/bin/lintian', 'lintian');
      const r = spawnSync('lintian', ['--info', '--display-info', '--fail-on', 'error,warning,info', deb], { encoding: 'utf8' });
      const tags = r.stdout.split('\n').filter((l) => /^[EWIXP]: /.test(l));
      expect(tags).toEqual([]);
      expect(r.status).toBe(0);
    });

    it('declares nodejs (>= 20.19) and replaces the original cleanly', () => {
      const field = (f: string) => spawnSync('dpkg-deb', ['-f', deb, f], { encoding: 'utf8' }).stdout.trim();
      expect(field('Depends')).toMatch(/^nodejs \(>= 20\.19\)/);
      for (const f of ['Conflicts', 'Replaces', 'Provides']) expect(field(f)).toBe(spec.replaces.join(', '));
    });

    it('installs with dpkg -i (maintainer scripts run in the root) and is configured', () => {
      const r = root.dpkg('-i', deb);
      expect(r.out).not.toMatch(/error|warning/i);
      expect(r.status).toBe(0);
      expect(root.query(spec.pkg)).toBe('install ok installed');
      for (const p of spec.programs) expect(statSync(join(root.dir, p.path)).mode & 0o777).toBe(0o755);
      for (const p of spec.programs) expect(existsSync(join(root.dir, `usr/share/man/man${p.manSection}/${p.path.slice(p.path.lastIndexOf('/') + 1)}.${p.manSection}.gz`))).toBe(true);
    });

    it('has units systemd-analyze verify accepts, which run the launcher and never node', () => {
      const units = listFiles(join(root.dir, 'lib/systemd/system')).filter((u) => payload.includes(`/lib/systemd/system/${u}`));
      expect(units.length).toBeGreaterThan(0);
      // Commands of other packages (kmod's /sbin/modprobe): the root has them as it has the host's libc, by a copy.
      const borrowed: string[] = [];
      for (const u of units) {
        for (const m of readFileSync(join(root.dir, 'lib/systemd/system', u), 'utf8').matchAll(/^Exec\w*=[-@:+!]*(\/\S+)/gm)) {
          const cmd = m[1]!;
          if (payload.includes(cmd) || existsSync(join(root.dir, cmd)) || !existsSync(cmd)) continue;
          mkdirSync(dirname(join(root.dir, cmd)), { recursive: true });
          copyFileSync(realpathSync(cmd), join(root.dir, cmd));
          chmodSync(join(root.dir, cmd), 0o755);
          borrowed.push(join(root.dir, cmd));
        }
      }
      const r = spawnSync('systemd-analyze', ['verify', `--root=${root.dir}`, ...units], { encoding: 'utf8' });
      for (const b of borrowed) rmSync(b);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      for (const u of units) {
        const text = readFileSync(join(root.dir, 'lib/systemd/system', u), 'utf8');
        expect(text).not.toMatch(/^Exec\w*=\S*node/m);
        for (const m of text.matchAll(/^ExecStart=[-@:+!]*(\S+)/gm)) expect(existsSync(join(root.dir, m[1]!))).toBe(true);
      }
    });

    it('starts from the installed launcher and answers its host', async () => {
      const bare = bareNodeMs();
      const first = await talk(join(root.dir, spec.programs[0]!.path), work);
      expect(first.reply).toBeTruthy();
      expect(first.ok).toBe(true);
      const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
      recordFigures(spec, {
        packageBytes: statSync(deb).size,
        bundleBytes: spec.programs.reduce((n, p) => n + size(join(REPO, 'apps', app, 'dist', p.bundle)), 0),
        installedKiB: Number(spawnSync('dpkg-deb', ['-f', deb, 'Installed-Size'], { encoding: 'utf8' }).stdout.trim()),
        firstReplyMs: Math.round(first.ms),
        bareNodeMs: Math.round(bare),
        ratio: Number((first.ms / bare).toFixed(1)),
      });
    });

    it('leaves only its conffiles after dpkg -r, and nothing after --purge', () => {
      const conffiles = spawnSync('sh', ['-c', `dpkg-deb --ctrl-tarfile ${JSON.stringify(deb)} | tar -xO ./conffiles 2>/dev/null`], { encoding: 'utf8' }).stdout
        .split('\n').filter(Boolean);
      const r = root.dpkg('-r', spec.pkg);
      expect(r.status).toBe(0);
      expect(root.query(spec.pkg)).toBe('deinstall ok config-files');
      const left = () => listFiles(root.dir).filter((f) => !baseline.has(f) && !f.startsWith('var/lib/dpkg/')).map((f) => `/${f}`);
      expect(left().sort()).toEqual([...conffiles].sort());
      const p = root.dpkg('--purge', spec.pkg);
      expect(p.status).toBe(0);
      expect(left()).toEqual([]);
      for (const d of spec.dirs) expect(existsSync(join(root.dir, d))).toBe(false);
    });
  });
}
