/**
 * The command line as one option table (@ga/options): the reference agent's
 * own options (`-p/--pidfile`, `-d`, `-h/-?/--help`; getopt "?hp:d", exit 2
 * for help and usage errors, ovirt-guest-agent.md §4.2) plus this project's
 * `--config` (the config files, in order), `--method/--path` (another
 * transport, e.g. `--method unix-listen --path /run/x.sock` for tests and
 * people) and `-v/--verbose`.
 */
import { applyArgs } from '@ga/options/config-apply';
import { parseArgs } from '@ga/options/getopt';
import { optionsHelp } from '@ga/options/help';
import type { OptionSpec, OptionTable } from '@ga/options/option-table';
import { DEFAULT_CONFIG_FILES } from './channel-path.js';

/** The reference's pidfile; written whenever the agent serves its virtio port. */
export const DEFAULT_PIDFILE = '/run/ovirt-guest-agent.pid';

export interface CliOptions {
  help: boolean;
  daemonize: boolean;
  /** undefined: the default, which only the virtio-port agent writes (see pidfileFor). */
  pidfile: string | undefined;
  config: string[];
  method: string | undefined;
  path: string | undefined;
  verbose: boolean;
}

const OPTIONS: readonly OptionSpec<CliOptions>[] = [
  { long: 'pidfile', short: 'p', arg: 'required', kind: 'string', argName: 'PIDFILE', help: `set pid file name (default: ${DEFAULT_PIDFILE})`, apply: (c, v) => (c.pidfile = String(v)) },
  { long: 'daemon', short: 'd', arg: 'none', kind: 'bool', help: 'run program as a daemon', apply: (c) => (c.daemonize = true) },
  { long: 'help', short: 'h', arg: 'none', kind: 'bool', help: 'display this help and exit', apply: (c) => (c.help = true) },
  { long: 'usage', short: '?', arg: 'none', kind: 'bool', hidden: true, help: 'the same as --help', apply: (c) => (c.help = true) },
  {
    long: 'config',
    arg: 'required',
    kind: 'list',
    argName: 'FILE',
    help: 'config file, read in order, later ones win (repeat it;\ndefault: the reference\'s two files)',
    apply: (c, v) => c.config.push(String(v)),
  },
  {
    long: 'method',
    arg: 'required',
    kind: 'string',
    argName: 'METHOD',
    help: 'another channel than the virtio port: virtio-serial,\nisa-serial, unix-listen, unix-connect, vsock-listen',
    apply: (c, v) => (c.method = String(v)),
  },
  { long: 'path', arg: 'required', kind: 'string', argName: 'PATH', help: 'the channel path for --method', apply: (c, v) => (c.path = String(v)) },
  { long: 'verbose', short: 'v', arg: 'none', kind: 'bool', help: 'debug logging', apply: (c) => (c.verbose = true) },
];

export const OVIRT_OPTIONS: OptionTable<CliOptions> = { program: 'ovirt-guest-agent', options: OPTIONS };

/** Parse argv; throws UsageError. */
export function parseCli(argv: readonly string[]): CliOptions {
  const c: CliOptions = { help: false, daemonize: false, pidfile: undefined, config: [], method: undefined, path: undefined, verbose: false };
  applyArgs(OVIRT_OPTIONS, c, parseArgs(OVIRT_OPTIONS, argv));
  if (c.config.length === 0) c.config = [...DEFAULT_CONFIG_FILES];
  return c;
}

/** The pidfile to write: -p always; the default only when serving the virtio port (not under --method). */
export function pidfileFor(c: CliOptions): string | undefined {
  return c.pidfile ?? (c.method === undefined ? DEFAULT_PIDFILE : undefined);
}

export function helpText(): string {
  return `Usage: ovirt-guest-agent [OPTION]...\n\n${optionsHelp(OVIRT_OPTIONS, { col: 28, argNames: true }).join('\n')}\n`;
}
