/**
 * Builds apps/<app>/dist/<pkg>_<version>_<arch>.deb with dpkg-deb from the
 * app's dist/ (run its build first) and deploy/.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { specFor } from './app-specs.js';
import { renderControl } from './control.js';
import { isConffile } from './deploy-layout.js';
import { renderPostinst, renderPostrm, renderPrerm } from './maintainer-scripts.js';
import { shlibsDepends } from './shlibs.js';
import { stageTree } from './stage.js';
import { listFiles, put } from './tree.js';

export interface BuildResult {
  deb: string;
  pkg: string;
  version: string;
  arch: string;
  bytes: number;
}

const DEB_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf', ia32: 'i386', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64' };

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
  return r.stdout;
}

/** SOURCE_DATE_EPOCH when set (reproducible builds), else the last commit's time, else now. */
function buildDate(repo: string): Date {
  const env = process.env.SOURCE_DATE_EPOCH;
  if (env && /^\d+$/.test(env)) return new Date(Number(env) * 1000);
  const r = spawnSync('git', ['-C', repo, 'log', '-1', '--format=%ct'], { encoding: 'utf8' });
  const t = Number((r.stdout ?? '').trim());
  return r.status === 0 && t > 0 ? new Date(t * 1000) : new Date();
}

export interface BuildOptions {
  /** Repository root (apps/<app> lives under it). */
  repo: string;
  app: string;
  /** Where the .deb goes; default apps/<app>/dist. */
  outDir?: string;
  log?: (line: string) => void;
}

export function buildDeb({ repo, app, outDir, log = () => {} }: BuildOptions): BuildResult {
  const spec = specFor(app);
  const appDir = join(repo, 'apps', app);
  const version = (JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { version: string }).version;
  const arch = DEB_ARCH[process.arch];
  if (!arch) throw new Error(`no Debian architecture known for ${process.arch}`);
  const date = buildDate(repo);
  const root = mkdtempSync(join(tmpdir(), `${spec.pkg}-`));
  try {
    const staged = stageTree(root, { spec, appDir, version, nodeArch: process.arch, date, log });
    const files = listFiles(root);
    const installedKiB = files.reduce((n, f) => n + Math.ceil(statSync(join(root, f)).size / 1024), 0);
    const shlibs = shlibsDepends(staged.natives.map((n) => join(root, n)));
    const unitNames = staged.units.map((u) => u.slice(u.lastIndexOf('/') + 1));
    const tmpfiles = staged.tmpfiles.map((t) => t.slice(t.lastIndexOf('/') + 1));
    const md5 = files.map((f) => `${createHash('md5').update(readFileSync(join(root, f))).digest('hex')}  ${f}`);
    const conffiles = files.map((f) => `/${f}`).filter(isConffile);
    put(root, '/DEBIAN/control', renderControl({ spec, version, arch, installedKiB, shlibs }));
    put(root, '/DEBIAN/md5sums', `${md5.join('\n')}\n`);
    if (conffiles.length > 0) put(root, '/DEBIAN/conffiles', `${conffiles.join('\n')}\n`);
    const scripts = { spec, units: unitNames, tmpfiles };
    put(root, '/DEBIAN/postinst', renderPostinst(scripts), 0o755);
    put(root, '/DEBIAN/prerm', renderPrerm(scripts), 0o755);
    put(root, '/DEBIAN/postrm', renderPostrm(scripts), 0o755);
    for (const f of listFiles(root)) utimesSync(join(root, f), date, date);
    const deb = join(outDir ?? join(appDir, 'dist'), `${spec.pkg}_${version}_${arch}.deb`);
    run('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', root, deb]);
    return { deb, pkg: spec.pkg, version, arch, bytes: statSync(deb).size };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
