/**
 * qemu-ga's command line and `[general]` config group as one table
 * (@ga/options): parsing, the config-file keys, `--help`, `-D`, the man page
 * and docs/commands.md all come from it. Short/long names, keys and
 * semantics are qemu-ga's (qemu-ga.md §3.1/§3.2); entries without `short`
 * are our downstream extras. `dumpOrder` is qemu-ga's config_dump order.
 */
import { parseSeconds } from '@ga/options/config-apply';
import type { OptionSpec, OptionTable } from '@ga/options/option-table';
import type { ChannelMethod } from '@ga/transport';
import type { AgentConfig } from '../context.js';
import { DEFAULT_FSFREEZE_HOOK, DEFAULT_PID_FILE, DEFAULT_STATE_DIR, DEFAULT_VIRTIO_PATH } from '../config/defaults.js';
import { DEFAULT_INFO_TIMEOUT_SEC } from '../dispatch/timeouts.js';

type Spec = OptionSpec<AgentConfig>;

/**
 * qemu-ga's split_list() prepends each item, so every comma list ends up
 * reversed (visible in `-D` output); successive lists are appended. An empty
 * value is no list at all (what `-D` writes for an unset list).
 */
function splitList(text: string): string[] {
  return text
    .split(',')
    .filter((s) => s !== '')
    .reverse();
}

/** An extra limit where 0 means "off" (undefined). */
const optionalSeconds = (source: string, v: string): number | undefined => {
  const s = parseSeconds(source, v);
  return s > 0 ? s : undefined;
};

const str = (v: boolean | string): string => String(v);

export const OPTIONS: readonly Spec[] = [
  {
    long: 'method',
    short: 'm',
    arg: 'required',
    kind: 'string',
    argName: 'METHOD',
    configKey: 'method',
    help: 'how to reach the host: virtio-serial (default),\nisa-serial, unix-listen or vsock-listen',
    apply: (c, v) => (c.method = str(v) as ChannelMethod),
    dump: (c) => c.method,
    dumpOrder: 2,
  },
  {
    long: 'path',
    short: 'p',
    arg: 'required',
    kind: 'string',
    argName: 'PATH',
    configKey: 'path',
    help: `port device or socket; defaults: virtio-serial\n${DEFAULT_VIRTIO_PATH},\nisa-serial /dev/ttyS0; vsock-listen takes <cid>:<port>`,
    apply: (c, v) => (c.path = str(v)),
    dump: (c) => c.path,
    dumpOrder: 3,
  },
  {
    long: 'logfile',
    short: 'l',
    arg: 'required',
    kind: 'string',
    argName: 'PATH',
    configKey: 'logfile',
    help: 'append the log to this file instead of stderr',
    apply: (c, v) => (c.logFile = str(v)),
    dump: (c) => c.logFile,
    dumpOrder: 4,
  },
  {
    long: 'pidfile',
    short: 'f',
    arg: 'required',
    kind: 'string',
    argName: 'PATH',
    configKey: 'pidfile',
    help: `pid file written with --daemonize\n(default ${DEFAULT_PID_FILE})`,
    apply: (c, v) => (c.pidFile = str(v)),
    dump: (c) => c.pidFile,
    dumpOrder: 5,
  },
  {
    long: 'fsfreeze-hook',
    short: 'F',
    arg: 'optional',
    kind: 'string',
    argName: 'PATH',
    configKey: 'fsfreeze-hook',
    help: `run a hook program with "freeze" before freezing and\n"thaw" after thawing (default ${DEFAULT_FSFREEZE_HOOK});\na path must be attached: -F/path/to/hook`,
    apply: (c, v) => (c.fsfreezeHook = str(v) === '' ? DEFAULT_FSFREEZE_HOOK : str(v)),
    dump: (c) => c.fsfreezeHook,
    dumpOrder: 6,
  },
  {
    long: 'statedir',
    short: 't',
    arg: 'required',
    kind: 'string',
    argName: 'DIR',
    configKey: 'statedir',
    help: `existing directory for the agent's state files\n(default ${DEFAULT_STATE_DIR})`,
    apply: (c, v) => (c.stateDir = str(v)),
    dump: (c) => c.stateDir,
    dumpOrder: 7,
  },
  {
    long: 'verbose',
    short: 'v',
    arg: 'none',
    kind: 'bool',
    configKey: 'verbose',
    help: 'log at debug level: what was read (passwords hidden)\nand sent',
    apply: (c, v) => (c.verbose = v === true),
    dump: (c) => String(c.verbose),
    dumpOrder: 8,
  },
  { long: 'version', short: 'V', arg: 'none', kind: 'bool', help: 'print the version and exit' },
  {
    long: 'daemonize',
    short: 'd',
    arg: 'none',
    kind: 'bool',
    configKey: 'daemon',
    help: 'detach and run in the background',
    apply: (c, v) => (c.daemonize = v === true),
    dump: (c) => String(c.daemonize),
    dumpOrder: 1,
  },
  {
    long: 'block-rpcs',
    short: 'b',
    arg: 'required',
    kind: 'list',
    argName: 'LIST',
    configKey: 'block-rpcs',
    deprecatedLongs: ['blacklist'],
    deprecatedKeys: ['blacklist'],
    help: 'commands to disable, comma-separated; "help" lists\nthe command names',
    apply: (c, v) => (c.blockRpcs = [...c.blockRpcs, ...splitList(str(v))]),
    dump: (c) => c.blockRpcs.join(','),
    dumpOrder: 10,
  },
  {
    long: 'allow-rpcs',
    short: 'a',
    arg: 'required',
    kind: 'list',
    argName: 'LIST',
    configKey: 'allow-rpcs',
    help: 'enable only these commands, comma-separated; with\n--block-rpcs too, the block-list applies on top',
    apply: (c, v) => {
      const items = splitList(str(v));
      if (items.length > 0) c.allowRpcs = [...(c.allowRpcs ?? []), ...items];
    },
    dump: (c) => (c.allowRpcs ?? []).join(','),
    dumpOrder: 11,
  },
  { long: 'config', short: 'c', arg: 'required', kind: 'string', argName: 'PATH', help: 'read this config file instead of $QGA_CONF or\n/etc/qemu/qemu-ga.conf' },
  { long: 'dump-conf', short: 'D', arg: 'none', kind: 'bool', help: 'print the effective configuration as a config file\nand exit' },
  {
    long: 'retry-path',
    short: 'r',
    arg: 'none',
    kind: 'bool',
    configKey: 'retry-path',
    help: 'when the channel cannot be opened or fails, retry every\n5 s instead of exiting (driver reload, port hot-plug)',
    apply: (c, v) => (c.retryPath = v === true),
    dump: (c) => String(c.retryPath),
    dumpOrder: 9,
  },
  // Windows service control in qemu-ga; its Linux build accepts and ignores it.
  { long: 'service', short: 's', arg: 'required', kind: 'string', argName: 'CMD', hidden: true, help: 'Windows service control (ignored on Linux)' },
  {
    long: 'command-timeout',
    arg: 'required',
    kind: 'number',
    argName: 'SECONDS',
    configKey: 'command-timeout',
    help: `stop waiting for an information command (guest-get-*)\nafter SECONDS and serve later requests; its answer is\nsent late, or dropped once others were answered\n(default ${DEFAULT_INFO_TIMEOUT_SEC}, 0 = wait like qemu-ga)`,
    apply: (c, v, source) => (c.commandTimeoutSec = parseSeconds(source, str(v))),
    dump: (c) => (c.commandTimeoutSec === DEFAULT_INFO_TIMEOUT_SEC ? undefined : String(c.commandTimeoutSec)),
  },
  {
    long: 'fsfreeze-timeout',
    arg: 'required',
    kind: 'number',
    argName: 'SECONDS',
    configKey: 'fsfreeze-timeout',
    help: 'thaw automatically when frozen for SECONDS without a\nguest-fsfreeze-thaw (default: never, as qemu-ga)',
    apply: (c, v, source) => (c.fsfreezeTimeoutSec = optionalSeconds(source, str(v))),
    dump: (c) => c.fsfreezeTimeoutSec?.toString(),
  },
  {
    long: 'exec-timeout',
    arg: 'required',
    kind: 'number',
    argName: 'SECONDS',
    configKey: 'exec-timeout',
    help: 'kill a guest-exec program still running after SECONDS\n(default: never, as qemu-ga)',
    apply: (c, v, source) => (c.execTimeoutSec = optionalSeconds(source, str(v))),
    dump: (c) => c.execTimeoutSec?.toString(),
  },
  {
    long: 'exec-record-ttl',
    arg: 'required',
    kind: 'number',
    argName: 'SECONDS',
    configKey: 'exec-record-ttl',
    help: 'forget a finished guest-exec program nobody asked about\nfor SECONDS (default: keep forever, as qemu-ga)',
    apply: (c, v, source) => (c.execRecordTtlSec = optionalSeconds(source, str(v))),
    dump: (c) => c.execRecordTtlSec?.toString(),
  },
  { long: 'help', short: 'h', arg: 'none', kind: 'bool', help: 'print this help and exit' },
];

export const QGA_OPTIONS: OptionTable<AgentConfig> = { program: 'qemu-ga', configGroup: 'general', options: OPTIONS };
