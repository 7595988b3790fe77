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
    help: 'transport method: one of unix-listen, virtio-serial,\nisa-serial, or vsock-listen (virtio-serial is the default)',
  },
  {
    long: 'path',
    short: 'p',
    arg: 'required',
    argName: 'PATH',
    configKey: 'path',
    configType: 'string',
    help: `device/socket path (the default for virtio-serial is:\n${DEFAULT_VIRTIO_PATH},\nthe default for isa-serial is:\n/dev/ttyS0).\nSocket addresses for vsock-listen are written as\n<cid>:<port>.`,
  },
  { long: 'logfile', short: 'l', arg: 'required', argName: 'PATH', configKey: 'logfile', configType: 'string', help: 'set logfile path, logs to stderr by default' },
  {
    long: 'pidfile',
    short: 'f',
    arg: 'required',
    argName: 'PATH',
    configKey: 'pidfile',
    configType: 'string',
    help: `specify pidfile (default is ${DEFAULT_PID_FILE})`,
  },
  {
    long: 'fsfreeze-hook',
    short: 'F',
    arg: 'optional',
    argName: 'PATH',
    configKey: 'fsfreeze-hook',
    configType: 'string',
    help: `enable fsfreeze hook. Accepts an optional argument that\nspecifies script to run on freeze/thaw. Script will be\ncalled with 'freeze'/'thaw' arguments accordingly.\n(default is ${DEFAULT_FSFREEZE_HOOK})\nIf using -F with an argument, do not follow -F with a\nspace.\n(for example: -F/var/run/fsfreezehook.sh)`,
  },
  {
    long: 'statedir',
    short: 't',
    arg: 'required',
    argName: 'DIR',
    configKey: 'statedir',
    configType: 'string',
    help: `specify dir to store state information (absolute paths\nonly, default is ${DEFAULT_STATE_DIR})`,
  },
  { long: 'verbose', short: 'v', arg: 'none', configKey: 'verbose', configType: 'bool', help: 'log extra debugging information' },
  { long: 'version', short: 'V', arg: 'none', help: 'print version information and exit' },
  { long: 'daemonize', short: 'd', arg: 'none', configKey: 'daemon', configType: 'bool', help: 'become a daemon' },
  {
    long: 'block-rpcs',
    short: 'b',
    arg: 'required',
    argName: 'LIST',
    configKey: 'block-rpcs',
    configType: 'list',
    help: 'comma-separated list of RPCs to disable (no spaces,\nuse "help" to list available RPCs)',
  },
  {
    long: 'allow-rpcs',
    short: 'a',
    arg: 'required',
    argName: 'LIST',
    configKey: 'allow-rpcs',
    configType: 'list',
    help: 'comma-separated list of RPCs to enable (no spaces,\nuse "help" to list available RPCs)',
  },
  { long: 'config', short: 'c', arg: 'required', argName: 'PATH', help: 'configuration file path (the default is\n/etc/qemu/qemu-ga.conf, or $QGA_CONF)' },
  {
    long: 'dump-conf',
    short: 'D',
    arg: 'none',
    help: 'dump a qemu-ga config file based on current config\noptions / command-line parameters to stdout',
  },
  {
    long: 'retry-path',
    short: 'r',
    arg: 'none',
    configKey: 'retry-path',
    configType: 'bool',
    help: "attempt re-opening path if it's unavailable or closed\ndue to an error which may be recoverable in the future\n(virtio-serial driver re-install, serial device hot\nplug/unplug, etc.)",
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
  { long: 'help', short: 'h', arg: 'none', help: 'display this help and exit' },
];

/** The spec of a long or short name. */
export function findOption(name: string): OptionSpec | undefined {
  return OPTIONS.find((o) => o.long === name || o.short === name);
}
