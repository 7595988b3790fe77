/** DEBIAN/control of an agent package. */
import type { AppSpec } from './app-spec.js';
import { MIN_NODE } from './launcher.js';

export interface ControlInput {
  spec: AppSpec;
  version: string;
  arch: string;
  installedKiB: number;
  /** From dpkg-shlibdeps on the native addons, e.g. "libc6 (>= 2.34), libstdc++6 (>= 10.2)". */
  shlibs: string;
}

export const MAINTAINER = 'guest-agents maintainers <guest-agents@lists.example.org>';

/** Wraps a paragraph at 79 columns with the one-space continuation indent control files use. */
function descriptionBody(paragraphs: string[]): string {
  const out: string[] = [];
  for (const para of paragraphs) {
    if (out.length > 0) out.push(' .');
    let line = '';
    for (const word of para.split(/\s+/)) {
      if (line && line.length + 1 + word.length > 78) {
        out.push(` ${line}`);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(` ${line}`);
  }
  return out.join('\n');
}

export function renderControl({ spec, version, arch, installedKiB, shlibs }: ControlInput): string {
  const depends = [`nodejs (>= ${MIN_NODE.major}.${MIN_NODE.minor})`, ...(spec.depends ?? []), ...(shlibs ? shlibs.split(/,\s*/) : [])];
  const others = spec.replaces.join(', ');
  const fields: [string, string][] = [
    ['Package', spec.pkg],
    ['Version', version],
    ['Architecture', arch],
    ['Maintainer', MAINTAINER],
    ['Installed-Size', String(installedKiB)],
    ['Depends', depends.join(', ')],
    ['Conflicts', others],
    ['Replaces', others],
    ['Provides', others],
    ['Section', spec.section],
    ['Priority', 'optional'],
    ['Description', `${spec.summary}\n${descriptionBody(spec.description)}`],
  ];
  return `${fields.filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
}
