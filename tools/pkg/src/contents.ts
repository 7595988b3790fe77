/** The npm packages inside a built dist/: from the bundles' source maps and dist/node_modules. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Contents, ThirdParty } from './doc-files.js';

function meta(pkgJson: string): ThirdParty {
  const m = JSON.parse(readFileSync(pkgJson, 'utf8')) as { name: string; version: string; license?: string };
  return { name: m.name, version: m.version, license: m.license ?? 'unknown' };
}

/** Packages whose files a source map lists (paths through node_modules/<name>/). */
export function bundledPackages(mapFile: string): ThirdParty[] {
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[] };
  const found = new Map<string, ThirdParty>();
  for (const src of map.sources) {
    const at = src.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const rest = src.slice(at + 'node_modules/'.length).split('/');
    const name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    if (found.has(name)) continue;
    const pkgJson = resolve(dirname(mapFile), src.slice(0, at), 'node_modules', name, 'package.json');
    if (existsSync(pkgJson)) found.set(name, meta(pkgJson));
  }
  return [...found.values()];
}

/** Packages shipped as folders (dist/node_modules/<name> and @scope/<name>). */
export function folderPackages(nodeModules: string): ThirdParty[] {
  if (!existsSync(nodeModules)) return [];
  const out: ThirdParty[] = [];
  for (const entry of readdirSync(nodeModules)) {
    const dirs = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((d) => join(entry, d)) : [entry];
    for (const d of dirs) {
      const pkgJson = join(nodeModules, d, 'package.json');
      if (existsSync(pkgJson)) out.push(meta(pkgJson));
    }
  }
  return out;
}

export function distContents(dist: string, bundles: string[]): Contents {
  const bundled = new Map<string, ThirdParty>();
  for (const b of bundles) {
    const map = join(dist, `${b}.map`);
    if (existsSync(map)) for (const t of bundledPackages(map)) bundled.set(t.name, t);
  }
  return { bundled: [...bundled.values()], folders: folderPackages(join(dist, 'node_modules')) };
}
