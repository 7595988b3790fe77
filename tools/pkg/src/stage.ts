/**
 * Lays out one agent's package tree (everything but DEBIAN/) from its built
 * dist/ and its deploy/ folder.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AppSpec } from './app-spec.js';
import { distContents } from './contents.js';
import { layoutDeploy } from './deploy-layout.js';
import { renderChangelogGz, renderCopyright } from './doc-files.js';
import { renderLauncher } from './launcher.js';
import { renderLintianOverrides } from './lintian-overrides.js';
import { manPageFor } from './man-page.js';
import { shipsInPackage } from './prune.js';
import { isExecutable, listFiles, put } from './tree.js';
import { nodeExecLines, rewriteUnit } from './unit-rewrite.js';

export interface StageInput {
  spec: AppSpec;
  appDir: string;
  version: string;
  nodeArch: string;
  date: Date;
  /** Notes for the build log (unit rewrites). */
  log: (line: string) => void;
}

export interface Staged {
  /** Install paths of the systemd system units, tmpfiles configs and shipped natives. */
  units: string[];
  tmpfiles: string[];
  natives: string[];
}

/**
 * Modules are run by the launcher as `node file`, never executed: a #! line in
 * a non-executable file only misleads (lintian: script-not-executable). The
 * line is blanked, so line numbers in stack traces stay right.
 */
function withoutShebang(rel: string, data: Buffer): Buffer {
  if (!/\.(m|c)?js$/.test(rel) || data[0] !== 0x23 || data[1] !== 0x21) return data;
  const nl = data.indexOf(0x0a);
  return nl < 0 ? Buffer.alloc(0) : data.subarray(nl);
}

export function stageTree(root: string, { spec, appDir, version, nodeArch, date, log }: StageInput): Staged {
  const dist = join(appDir, 'dist');
  const lib = `/usr/lib/${spec.pkg}`;
  for (const p of spec.programs) {
    if (!existsSync(join(dist, p.bundle))) {
      throw new Error(`apps/${spec.app}/dist/${p.bundle} is missing (needed for ${p.path}); run: npx turbo run build --filter=${spec.app}`);
    }
  }
  const natives: string[] = [];
  for (const rel of listFiles(dist)) {
    if (rel.endsWith('.deb') || !shipsInPackage(rel, nodeArch)) continue;
    const to = `${lib}/${rel}`;
    mkdirSync(dirname(join(root, to)), { recursive: true, mode: 0o755 });
    copyFileSync(join(dist, rel), join(root, to));
    if (rel.endsWith('.node')) {
      // Prebuilt addons carry symbols and notes nothing at run time needs (lintian: unstripped-binary-or-object).
      spawnSync('strip', ['--strip-unneeded', '--remove-section=.comment', '--remove-section=.note', join(root, to)]);
      natives.push(to);
    }
    put(root, to, withoutShebang(rel, readFileSync(join(root, to))), 0o644);
  }

  const ctxDate = date.toISOString().slice(0, 10);
  for (const p of spec.programs) {
    const name = posix.basename(p.path);
    put(root, p.path, renderLauncher({ program: name, pkg: spec.pkg, bundle: p.bundle }), 0o755);
    const page = manPageFor({ spec, program: p, version, date: ctxDate }, appDir);
    put(root, `/usr/share/man/man${p.manSection}/${name}.${p.manSection}.gz`, gzipSync(Buffer.from(page), { level: 9 }));
  }

  const deploy = join(appDir, 'deploy');
  const files = existsSync(deploy) ? listFiles(deploy) : [];
  const exec = new Set(files.filter((f) => isExecutable(join(deploy, f))));
  const placements = layoutDeploy(files, spec.placed, exec);
  const units: string[] = [];
  const tmpfiles: string[] = [];
  for (const pl of placements) {
    let data: string | Buffer = readFileSync(join(deploy, pl.from));
    if (pl.to.startsWith('/lib/systemd/system/') || pl.to.startsWith('/usr/lib/systemd/user/') || pl.to.endsWith('.desktop')) {
      const r = rewriteUnit(data.toString('utf8'), spec.programs);
      for (const c of r.changes) log(`deploy/${pl.from}: ${c}`);
      const left = nodeExecLines(r.text);
      if (left.length > 0) throw new Error(`deploy/${pl.from} runs node directly (${left.join('; ')}); run the program's launcher (${spec.programs.map((p) => p.path).join(', ')}) instead`);
      data = r.text;
      if (pl.to.startsWith('/lib/systemd/system/')) units.push(pl.to);
    }
    if (pl.to.startsWith('/usr/lib/tmpfiles.d/')) tmpfiles.push(pl.to);
    put(root, pl.to, data, pl.mode);
  }
  if (units.length === 0) throw new Error(`apps/${spec.app}/deploy/ has no systemd unit (.service); the package would not start the agent`);
  for (const d of spec.dirs) mkdirSync(join(root, d), { recursive: true, mode: 0o755 });

  const doc = `/usr/share/doc/${spec.pkg}`;
  put(root, `${doc}/copyright`, renderCopyright(spec, distContents(dist, spec.programs.map((p) => p.bundle)), date.getUTCFullYear()));
  put(root, `${doc}/changelog.gz`, renderChangelogGz(spec, version, date));
  put(root, `/usr/share/lintian/overrides/${spec.pkg}`, renderLintianOverrides(spec, spec.udevPorts.length > 0 && spec.enable.length === 0));
  return { units, tmpfiles, natives };
}
