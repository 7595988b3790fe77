/**
 * Every command-line option as data: parsing (getopt-compatible argv
 * normalisation + yargs), the config-file keys, `--help`, `-D` and the docs
 * all come from this table. Short/long names and semantics are qemu-ga's
 * (qemu-ga.md §3.1); entries without `short` are our downstream extras.
 */
import { DEFAULT_FSFREEZE_HOOK, DEFAULT_PID_FILE, DEFAULT_STATE_DIR, DEFAULT_VIRTIO_PATH } from '../config/defaults.js';
import { DEFAULT_INFO_TIMEOUT_SEC } from '../dispatch/timeouts.js';

/** How an option takes its argument (getopt: none, `x:` required, `x::` optional and attached). */
export type ArgMode = 'none' | 'required' | 'optional';

export interface OptionSpec {
  readonly long: string;
  readonly short?: string;
  readonly arg: ArgMode;
  /** Placeholder in help. */
  readonly argName?: string;
  /** `[general]` key in qemu-ga.conf, when the option has one. */
  readonly configKey?: string;
  /** How the config-file value is read. */
  readonly configType?: 'string' | 'bool' | 'list' | 'number';
  /** Help text, already wrapped for the 20-column layout. */
  readonly help: string;
}

export const OPTIONS: readonly OptionSpec[] = [
  {
    long: 'method',
    short: 'm',
    arg: 'required',
    argName: 'METHOD',
    configKey: 'method',
    configType: 'string',
    help: 'how to reach the host: virtio-serial (default),\nisa-serial, unix-listen or vsock-listen',
  },
  {
    long: 'path',
    short: 'p',
    arg: 'required',
    argName: 'PATH',
    configKey: 'path',
    configType: 'string',
    help: `port device or socket; defaults: virtio-serial\n${DEFAULT_VIRTIO_PATH},\nisa-serial /dev/ttyS0; vsock-listen takes <cid>:<port>`,
  },
  { long: 'logfile', short: 'l', arg: 'required', argName: 'PATH', configKey: 'logfile', configType: 'string', help: 'append the log to this file instead of stderr' },
  {
    long: 'pidfile',
    short: 'f',
    arg: 'required',
    argName: 'PATH',
    configKey: 'pidfile',
    configType: 'string',
    help: `pid file written with --daemonize\n(default ${DEFAULT_PID_FILE})`,
  },
  {
    long: 'fsfreeze-hook',
    short: 'F',
    arg: 'optional',
    argName: 'PATH',
    configKey: 'fsfreeze-hook',
    configType: 'string',
    help: `run a hook program with "freeze" before freezing and\n"thaw" after thawing (default ${DEFAULT_FSFREEZE_HOOK});\na path must be attached: -F/path/to/hook`,
  },
  {
    long: 'statedir',
    short: 't',
    arg: 'required',
    argName: 'DIR',
    configKey: 'statedir',
    configType: 'string',
    help: `existing directory for the agent's state files\n(default ${DEFAULT_STATE_DIR})`,
  },
  { long: 'verbose', short: 'v', arg: 'none', configKey: 'verbose', configType: 'bool', help: 'log at debug level (never secrets or payloads)' },
  { long: 'version', short: 'V', arg: 'none', help: 'print the version and exit' },
  { long: 'daemonize', short: 'd', arg: 'none', configKey: 'daemon', configType: 'bool', help: 'detach and run in the background' },
  {
    long: 'block-rpcs',
    short: 'b',
    arg: 'required',
    argName: 'LIST',
    configKey: 'block-rpcs',
    configType: 'list',
    help: 'commands to disable, comma-separated; "help" lists\nthe command names',
  },
  {
    long: 'allow-rpcs',
    short: 'a',
    arg: 'required',
    argName: 'LIST',
    configKey: 'allow-rpcs',
    configType: 'list',
    help: 'enable only these commands, comma-separated; cannot be\ncombined with --block-rpcs',
  },
  { long: 'config', short: 'c', arg: 'required', argName: 'PATH', help: 'read this config file instead of $QGA_CONF or\n/etc/qemu/qemu-ga.conf' },
  {
    long: 'dump-conf',
    short: 'D',
    arg: 'none',
    help: 'print the effective configuration as a config file\nand exit',
  },
  {
    long: 'retry-path',
    short: 'r',
    arg: 'none',
    configKey: 'retry-path',
    configType: 'bool',
    help: 'when the channel cannot be opened or fails, retry every\n5 s instead of exiting (driver reload, port hot-plug)',
  },
  {
    long: 'command-timeout',
    arg: 'required',
    argName: 'SECONDS',
    configKey: 'command-timeout',
    configType: 'number',
    help: `answer an information command (guest-get-*) that has not\nfinished after SECONDS with an error, so later requests\nare served (default ${DEFAULT_INFO_TIMEOUT_SEC}, 0 = never)`,
  },
  {
    long: 'fsfreeze-timeout',
    arg: 'required',
    argName: 'SECONDS',
    configKey: 'fsfreeze-timeout',
    configType: 'number',
    help: 'thaw automatically when frozen for SECONDS without a\nguest-fsfreeze-thaw (default: never, as qemu-ga)',
  },
  {
    long: 'exec-timeout',
    arg: 'required',
    argName: 'SECONDS',
    configKey: 'exec-timeout',
    configType: 'number',
    help: 'kill a guest-exec program still running after SECONDS\n(default: never, as qemu-ga)',
  },
  {
    long: 'exec-record-ttl',
    arg: 'required',
    argName: 'SECONDS',
    configKey: 'exec-record-ttl',
    configType: 'number',
    help: 'forget a finished guest-exec program nobody asked about\nfor SECONDS (default: keep forever, as qemu-ga)',
  },
  { long: 'help', short: 'h', arg: 'none', help: 'print this help and exit' },
];

/** The spec of a long or short name. */
export function findOption(name: string): OptionSpec | undefined {
  return OPTIONS.find((o) => o.long === name || o.short === name);
}
