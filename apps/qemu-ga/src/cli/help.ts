/** `--help` text rendered from the option table, in qemu-ga's layout. */
import { OPTIONS } from './options.js';
import { AGENT_VERSION } from '../dispatch/policy.js';

const COL = 20;

/** The version line (`-V`). */
export function versionText(): string {
  return `QEMU Guest Agent ${AGENT_VERSION} (guest-agents TypeScript implementation)\n`;
}

export function helpText(program = 'qemu-ga'): string {
  const out = [`Usage: ${program} [-m <method> -p <path>] [<options>]`, versionText().trimEnd(), ''];
  for (const o of OPTIONS) {
    const names = o.short ? `  -${o.short}, --${o.long}` : `      --${o.long}`;
    const [first, ...rest] = o.help.split('\n');
    if (names.length + 2 > COL) {
      out.push(names);
      out.push(`${' '.repeat(COL)}${first}`);
    } else {
      out.push(`${names.padEnd(COL)}${first}`);
    }
    for (const line of rest) out.push(`${' '.repeat(COL)}${line}`);
  }
  out.push('');
  return `${out.join('\n')}\n`;
}
