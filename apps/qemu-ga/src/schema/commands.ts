/**
 * THE command table of the agent: the single source of truth for dispatch,
 * argument validation, the freeze/allow/block policy, guest-info and the docs.
 * Re-expressed from the protocol reference (qemu-ga.md §2.1); descriptions are
 * our own words. Flat data only.
 */
import { b64, bool, int, int64, list, none, opt, str, struct } from './dsl.js';
import type { AnyType, InOf, OutOf, StructType } from './dsl.js';
import * as T from './types.js';

/** Platforms a command can be limited to (QEMU's schema `if:`). */
export type Platform = 'linux' | 'win32';

/** The platform this build serves. The agent is Linux-only (packages/guest-os). */
export const BUILD_PLATFORM = 'linux' satisfies Platform;

/**
 * The handler modules, src/commands/<group>.ts. Each is imported when one of
 * its commands is first called (commands/index.ts), so an agent that is only
 * pinged never sets up the rest.
 */
export type HandlerGroup = 'sync' | 'system-info' | 'network' | 'storage-info' | 'hardware' | 'files' | 'exec' | 'fsfreeze' | 'power' | 'time' | 'accounts';

interface CommandSpec<
  A extends Record<string, AnyType>,
  R extends AnyType,
  W extends readonly Platform[] | undefined,
  G extends HandlerGroup = HandlerGroup,
> {
  /** The handler module that implements it. */
  group: G;
  /** Argument members in schema order; `{}` for none. */
  args: A;
  /** Return type; `none` replies `{}`. */
  returns: R;
  /** false: nothing is written on success (guest-shutdown, guest-suspend-*). */
  successResponse: boolean;
  /** QEMU's `fs-frozen` feature: still enabled while filesystems are frozen. */
  allowedWhileFrozen: boolean;
  /** Platforms the command exists on; undefined = all. */
  when: W;
  /** Schema version that introduced it. */
  since: string;
  /** One paragraph for users (docs/commands.md). */
  doc: string;
  /** Per-argument notes for the docs. */
  argDocs?: { [K in keyof A]?: string };
}

/** One command of the table; `name` is the wire name. */
export interface CommandDef<
  N extends string = string,
  A extends Record<string, AnyType> = Record<string, AnyType>,
  R extends AnyType = AnyType,
  W extends readonly Platform[] | undefined = readonly Platform[] | undefined,
  G extends HandlerGroup = HandlerGroup,
> extends Omit<CommandSpec<A, R, W, G>, 'args'> {
  readonly name: N;
  /** The arguments object as a struct type: `args.check(raw, [])` validates. */
  readonly args: StructType<A>;
}

function cmd<
  const A extends Record<string, AnyType>,
  R extends AnyType,
  const W extends readonly Platform[] | undefined = undefined,
  const G extends HandlerGroup = HandlerGroup,
>(spec: CommandSpec<A, R, W, G>): CommandSpec<A, R, W, G> {
  return spec;
}

function defineCommands<S extends Record<string, CommandSpec<Record<string, AnyType>, AnyType, readonly Platform[] | undefined>>>(
  specs: S,
): { readonly [K in keyof S & string]: S[K] extends CommandSpec<infer A, infer R, infer W, infer G> ? CommandDef<K, A, R, W, G> : never } {
  const out: Record<string, CommandDef> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = { ...spec, name, args: struct(`q_obj_${name}-arg`, spec.args) };
  }
  return out as never;
}

// Order matters: it is the schema's registration order, which `-b help` prints
// as is and guest-info reports reversed (qemu-ga builds that list by prepending).
export const commands = defineCommands({
  'guest-sync-delimited': cmd({
    group: 'sync',
    args: { id: int64 },
    returns: int64,
    successResponse: true,
    allowedWhileFrozen: true,
    when: undefined,
    since: '1.1',
    doc: 'Echoes `id` like guest-sync, but the reply is preceded by one 0xFF byte. The host discards everything up to that byte, resets its own JSON lexer and then reads replies until one carries its id, which recovers from a stream left dirty by an earlier client.',
    argDocs: { id: 'any int64 the host picks, ideally random' },
  }),
  'guest-sync': cmd({
    group: 'sync',
    args: { id: int64 },
    returns: int64,
    successResponse: true,
    allowedWhileFrozen: true,
    when: undefined,
    since: '0.15',
    doc: 'Echoes `id`. The host throws away replies until it sees its own id, which tells it that older replies are flushed.',
    argDocs: { id: 'any int64 the host picks' },
  }),
  'guest-ping': cmd({
    group: 'sync',
    args: {},
    returns: none,
    successResponse: true,
    allowedWhileFrozen: true,
    when: undefined,
    since: '0.15',
    doc: 'Answers `{}`: proves the agent is alive and reading.',
  }),
  'guest-get-time': cmd({
    group: 'system-info',
    args: {},
    returns: int64,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '1.5',
    doc: 'Returns the guest wall-clock time in nanoseconds since the Unix epoch (microsecond resolution).',
  }),
  'guest-set-time': cmd({
    group: 'time',
    args: { time: opt(int64) },
    returns: none,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '1.5',
    doc: 'With `time`, sets the system clock to it and then copies the system clock into the hardware clock. Without it, sets the system clock from the hardware clock (use after resume or migration).',
    argDocs: { time: 'nanoseconds since the Unix epoch' },
  }),
  'guest-info': cmd({
    group: 'sync',
    args: {},
    returns: T.GuestAgentInfo,
    successResponse: true,
    allowedWhileFrozen: true,
    when: undefined,
    since: '0.15',
    doc: 'Reports the protocol version implemented and every command of this build with whether it is enabled right now (block/allow lists, frozen state) and whether it replies on success.',
  }),
  'guest-shutdown': cmd({
    group: 'power',
    args: { mode: opt(str) },
    returns: none,
    successResponse: false,
    allowedWhileFrozen: false,
    when: undefined,
    since: '0.15',
    doc: 'Asks the guest OS to power down, halt or reboot. Nothing is written on success; the host watches for the VM event instead. Errors are answered normally.',
    argDocs: { mode: '"powerdown" (default), "halt" or "reboot"' },
  }),
  'guest-file-open': cmd({
    group: 'files',
    args: { path: str, mode: opt(str) },
    returns: int,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '0.15',
    doc: 'Opens a guest file and returns a handle for the other guest-file-* commands. Handles count up from 1000 and the counter is kept in the state directory.',
    argDocs: { path: 'guest path', mode: 'fopen(3)-style mode, default "r"' },
  }),
  'guest-file-close': cmd({
    group: 'files',
    args: { handle: int },
    returns: none,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '0.15',
    doc: 'Closes a handle from guest-file-open.',
  }),
  'guest-file-read': cmd({
    group: 'files',
    args: { handle: int, count: opt(int) },
    returns: T.GuestFileRead,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '0.15',
    doc: 'Reads up to `count` bytes (before base64) from the handle\'s position. `eof` turns true when a short read hit the end of the file.',
    argDocs: { count: 'bytes to read, 0..48 MiB, default 4096' },
  }),
  'guest-file-write': cmd({
    group: 'files',
    args: { handle: int, 'buf-b64': b64, count: opt(int) },
    returns: T.GuestFileWrite,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '0.15',
    doc: 'Writes base64-decoded data at the handle\'s position and reports how much was written.',
    argDocs: { 'buf-b64': 'data, base64', count: 'bytes of the decoded data to write, default all' },
  }),
  'guest-file-seek': cmd({
    group: 'files',
    args: { handle: int, offset: int, whence: T.GuestFileWhence },
    returns: T.GuestFileSeek,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '0.15',
    doc: 'Moves the handle\'s position like fseek(3) and returns the new position.',
    argDocs: { whence: '"set", "cur", "end" or the raw code 0, 1, 2' },
  }),
  'guest-file-flush': cmd({
    group: 'files',
    args: { handle: int },
    returns: none,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '0.15',
    doc: 'Flushes buffered writes of the handle to the OS.',
  }),
  'guest-fsfreeze-status': cmd({
    group: 'fsfreeze',
    args: {},
    returns: T.GuestFsfreezeStatus,
    successResponse: true,
    allowedWhileFrozen: true,
    when: undefined,
    since: '0.15',
    doc: 'Returns "frozen" or "thawed": the agent\'s own record of what it did, not a kernel query.',
  }),
  'guest-fsfreeze-freeze': cmd({
    group: 'fsfreeze',
    args: {},
    returns: int,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '0.15',
    doc: 'Runs the freeze hook (if enabled), then freezes every local filesystem, newest mount first, and returns how many were frozen. Until thawed, only the commands marked "while frozen" work.',
  }),
  'guest-fsfreeze-freeze-list': cmd({
    group: 'fsfreeze',
    args: { mountpoints: opt(list(str)) },
    returns: int,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.2',
    doc: 'Like guest-fsfreeze-freeze, limited to the given mount points; mount points that are not local filesystems are ignored.',
  }),
  'guest-fsfreeze-thaw': cmd({
    group: 'fsfreeze',
    args: {},
    returns: int,
    successResponse: true,
    allowedWhileFrozen: true,
    when: undefined,
    since: '0.15',
    doc: 'Thaws every filesystem (undoing nested freezes too), leaves the frozen state, runs the thaw hook and returns how many filesystems were thawed.',
  }),
  'guest-fstrim': cmd({
    group: 'fsfreeze',
    args: { minimum: opt(int) },
    returns: T.GuestFilesystemTrimResponse,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '1.2',
    doc: 'Discards unused blocks on every local filesystem; failures are reported per path while the command itself succeeds.',
    argDocs: { minimum: 'skip free ranges smaller than this many bytes' },
  }),
  'guest-suspend-disk': cmd({
    group: 'power',
    args: {},
    returns: none,
    successResponse: false,
    allowedWhileFrozen: false,
    when: undefined,
    since: '1.1',
    doc: 'Hibernates the guest (suspend to disk). No reply on success; the host should re-sync after resume.',
  }),
  'guest-suspend-ram': cmd({
    group: 'power',
    args: {},
    returns: none,
    successResponse: false,
    allowedWhileFrozen: false,
    when: undefined,
    since: '1.1',
    doc: 'Suspends the guest to RAM. No reply on success; the host wakes the VM and should re-sync.',
  }),
  'guest-suspend-hybrid': cmd({
    group: 'power',
    args: {},
    returns: none,
    successResponse: false,
    allowedWhileFrozen: false,
    when: undefined,
    since: '1.1',
    doc: 'Saves the guest to disk and then suspends it to RAM. No reply on success.',
  }),
  'guest-network-get-interfaces': cmd({
    group: 'network',
    args: {},
    returns: list(T.GuestNetworkInterface),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '1.1',
    doc: 'Lists network interfaces with hardware address, IP addresses and traffic counters.',
  }),
  'guest-get-vcpus': cmd({
    group: 'hardware',
    args: {},
    returns: list(T.GuestLogicalProcessor),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '1.5',
    doc: 'Lists logical CPUs with their online state and whether they can be taken offline.',
  }),
  'guest-set-vcpus': cmd({
    group: 'hardware',
    args: { vcpus: list(T.GuestLogicalProcessor) },
    returns: int,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '1.5',
    doc: 'Brings the listed CPUs online or offline in order and returns how many leading entries succeeded; fails only when the first one does.',
  }),
  'guest-get-disks': cmd({
    group: 'storage-info',
    args: {},
    returns: list(T.GuestDiskInfo),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '5.2',
    doc: 'Lists block devices and partitions with their dependencies, bus address, device-mapper alias and NVMe health data.',
  }),
  'guest-get-fsinfo': cmd({
    group: 'storage-info',
    args: {},
    returns: list(T.GuestFilesystemInfo),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.2',
    doc: 'Lists mounted local filesystems, newest mount first, with sizes and the addresses of the disks behind them.',
  }),
  'guest-set-user-password': cmd({
    group: 'accounts',
    args: { username: str, password: b64, crypted: bool },
    returns: none,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.3',
    doc: 'Sets a user\'s password, given in clear or already crypted; either way the value is base64 on the wire.',
  }),
  'guest-get-memory-blocks': cmd({
    group: 'hardware',
    args: {},
    returns: list(T.GuestMemoryBlock),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.3',
    doc: 'Lists hot-pluggable memory blocks with their online state.',
  }),
  'guest-set-memory-blocks': cmd({
    group: 'hardware',
    args: { 'mem-blks': list(T.GuestMemoryBlock) },
    returns: list(T.GuestMemoryBlockResponse),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.3',
    doc: 'Brings memory blocks online or offline and reports the outcome of each.',
  }),
  'guest-get-memory-block-info': cmd({
    group: 'hardware',
    args: {},
    returns: T.GuestMemoryBlockInfo,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.3',
    doc: 'Returns the size in bytes of one memory block.',
  }),
  'guest-exec-status': cmd({
    group: 'exec',
    args: { pid: int },
    returns: T.GuestExecStatus,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.5',
    doc: 'Reports whether a guest-exec program has finished, with its exit code or signal and captured output (16 MiB per stream at most). The first reply with `exited: true` forgets the pid.',
  }),
  'guest-exec': cmd({
    group: 'exec',
    args: {
      path: str,
      arg: opt(list(str)),
      env: opt(list(str)),
      'input-data': opt(b64),
      'capture-output': opt(T.GuestExecCaptureOutput),
    },
    returns: T.GuestExec,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.5',
    doc: 'Starts a program in the background and returns its pid; poll guest-exec-status for the result.',
    argDocs: {
      env: '"NAME=value" entries; when given they replace the whole environment',
      'input-data': 'stdin for the program, base64',
      'capture-output': 'true (= "separated"), false, or "none"/"stdout"/"stderr"/"separated"/"merged"',
    },
  }),
  'guest-get-host-name': cmd({
    group: 'system-info',
    args: {},
    returns: T.GuestHostName,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.10',
    doc: 'Returns the guest host name.',
  }),
  'guest-get-users': cmd({
    group: 'system-info',
    args: {},
    returns: list(T.GuestUser),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.10',
    doc: 'Lists logged-in users, once each, with their earliest login time in seconds.',
  }),
  'guest-get-timezone': cmd({
    group: 'system-info',
    args: {},
    returns: T.GuestTimezone,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.10',
    doc: 'Returns the time zone abbreviation in effect and its offset east of UTC in seconds.',
  }),
  'guest-get-osinfo': cmd({
    group: 'system-info',
    args: {},
    returns: T.GuestOSInfo,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '2.10',
    doc: 'Returns kernel identification and the distribution\'s os-release fields; absent fields are omitted.',
  }),
  'guest-get-devices': cmd({
    group: 'hardware',
    args: {},
    returns: list(T.GuestDeviceInfo),
    successResponse: true,
    allowedWhileFrozen: false,
    when: ['win32'],
    since: '5.2',
    doc: 'Windows only: lists PCI devices with their driver. Not built on Linux, where it is an unknown command.',
  }),
  'guest-ssh-get-authorized-keys': cmd({
    group: 'accounts',
    args: { username: str },
    returns: T.GuestAuthorizedKeys,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '5.2',
    doc: 'Returns the lines of a user\'s ~/.ssh/authorized_keys; a missing file is an error.',
  }),
  'guest-ssh-add-authorized-keys': cmd({
    group: 'accounts',
    args: { username: str, keys: list(str), reset: opt(bool) },
    returns: none,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '5.2',
    doc: 'Adds keys that are not already present to a user\'s authorized_keys, creating ~/.ssh owned by the user if needed.',
    argDocs: { reset: 'replace the file with exactly these keys' },
  }),
  'guest-ssh-remove-authorized-keys': cmd({
    group: 'accounts',
    args: { username: str, keys: list(str) },
    returns: none,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '5.2',
    doc: 'Removes the given keys from a user\'s authorized_keys; keys that are not there are ignored.',
  }),
  'guest-get-diskstats': cmd({
    group: 'storage-info',
    args: {},
    returns: list(T.GuestDiskStatsInfo),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '7.1',
    doc: 'Returns the kernel\'s I/O counters for every block device and partition.',
  }),
  'guest-get-cpustats': cmd({
    group: 'system-info',
    args: {},
    returns: list(T.GuestLinuxCpuStats),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '7.1',
    doc: 'Returns per-CPU time counters in milliseconds.',
  }),
  'guest-network-get-route': cmd({
    group: 'network',
    args: {},
    returns: list(T.GuestNetworkRoute),
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '9.1',
    doc: 'Lists the IPv4 and IPv6 routing tables.',
  }),
  'guest-get-load': cmd({
    group: 'system-info',
    args: {},
    returns: T.GuestLoadAverage,
    successResponse: true,
    allowedWhileFrozen: false,
    when: undefined,
    since: '10.0',
    doc: 'Returns the 1, 5 and 15 minute load averages.',
  }),
});

/** Every command of the newest schema, whatever the platform (44). */
export type AnyCommandName = keyof typeof commands;

/** Commands this (Linux) build registers (43): the schema filtered by `when`. */
export type CommandName = {
  [K in AnyCommandName]: (typeof commands)[K]['when'] extends readonly (infer P)[]
    ? typeof BUILD_PLATFORM extends P
      ? K
      : never
    : K;
}[AnyCommandName];

/** The commands of this build that `group`'s module implements. */
export type CommandsIn<G extends HandlerGroup> = { [K in CommandName]: (typeof commands)[K]['group'] extends G ? K : never }[CommandName];

/** Validated arguments a handler receives. */
export type ArgsOf<K extends AnyCommandName> = InOf<(typeof commands)[K]['args']>;
/** What a handler resolves to. */
export type ReturnOf<K extends AnyCommandName> = OutOf<(typeof commands)[K]['returns']>;

/** The table entries for `platform`, in schema order. */
export function commandsFor(platform: Platform = BUILD_PLATFORM): CommandDef[] {
  return (Object.values(commands) as CommandDef[]).filter((c) => c.when === undefined || c.when.includes(platform));
}

/** Look up a command built for `platform`; undefined when unknown (or compiled out). */
export function findCommand(name: string, platform: Platform = BUILD_PLATFORM): CommandDef | undefined {
  if (!Object.hasOwn(commands, name)) return undefined;
  const c = (commands as Record<string, CommandDef>)[name];
  return c && (c.when === undefined || c.when.includes(platform)) ? c : undefined;
}
