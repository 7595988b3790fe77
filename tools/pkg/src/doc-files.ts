/**
 * /usr/share/doc/<pkg>/copyright and changelog.gz. The copyright file lists
 * every npm package the bundle and its natives contain, with the licence each
 * declares in its package.json (read from the bundle's source map and the
 * shipped node_modules), so the package says truthfully what it carries.
 */
import { gzipSync } from 'node:zlib';
import type { AppSpec } from './app-spec.js';
import { MAINTAINER } from './control.js';

export interface ThirdParty {
  name: string;
  version: string;
  license: string;
}

export interface Contents {
  /** npm packages compiled into the .mjs bundles. */
  bundled: ThirdParty[];
  /** npm packages shipped as folders in usr/lib/<pkg>/node_modules. */
  folders: ThirdParty[];
}

const byName = (a: ThirdParty, b: ThirdParty) => a.name.localeCompare(b.name);

export function renderCopyright(spec: AppSpec, { bundled, folders }: Contents, year: number): string {
  const licenses = [...new Set([...bundled, ...folders].map((t) => t.license))].sort();
  const out = [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    `Upstream-Name: ${spec.pkg}`,
    '',
    'Files: *',
    `Copyright: ${year} the guest-agents authors`,
    'License: guest-agents',
    '',
    `Files: usr/lib/${spec.pkg}/*.mjs`,
    `Copyright: ${year} the guest-agents authors, and the authors of the bundled npm packages`,
    `License: guest-agents and ${[...new Set(bundled.map((t) => t.license))].sort().join(' and ')}`,
    'Comment: The bundle contains these npm packages (name, version, declared licence):',
    ...[...bundled].sort(byName).map((t) => ` ${t.name} ${t.version} ${t.license}`),
  ];
  for (const t of [...folders].sort(byName)) {
    out.push('', `Files: usr/lib/${spec.pkg}/node_modules/${t.name}/*`, `Copyright: the authors of the npm package ${t.name} ${t.version}`, `License: ${t.license}`);
  }
  out.push('', 'License: guest-agents', ' The licence of the guest-agents project itself has not been chosen yet;', ' see the project repository.');
  for (const license of licenses) {
    out.push('', `License: ${license}`, ' The full text is in each package\'s licence file as published on npm', ' (installed beside the folders under node_modules).');
  }
  return `${out.join('\n')}\n`;
}

/** A native-package changelog with one entry, gzipped at level 9 with no name or time in the header. */
export function renderChangelogGz(spec: AppSpec, version: string, date: Date): Buffer {
  const day = date.toUTCString().replace(/^(\w+), (\d) /, '$1, 0$2 ').replace(/GMT$/, '+0000');
  const text = `${spec.pkg} (${version}) unstable; urgency=medium\n\n  * Built from the guest-agents monorepo (apps/${spec.app}).\n\n -- ${MAINTAINER}  ${day}\n`;
  return gzipSync(Buffer.from(text), { level: 9 });
}
