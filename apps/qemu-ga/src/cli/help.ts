/** `--help` text rendered from the option table, in qemu-ga's layout. */
import { optionsHelp } from '@ga/options/help';
import { AGENT_VERSION } from '../dispatch/policy.js';
import { QGA_OPTIONS } from './options.js';

/** The version line (`-V`). */
export function versionText(): string {
  return `QEMU Guest Agent ${AGENT_VERSION} (guest-agents TypeScript implementation)\n`;
}

export function helpText(program = 'qemu-ga'): string {
  const out = [`Usage: ${program} [-m <method> -p <path>] [<options>]`, versionText().trimEnd(), '', ...optionsHelp(QGA_OPTIONS), ''];
  return `${out.join('\n')}\n`;
}
