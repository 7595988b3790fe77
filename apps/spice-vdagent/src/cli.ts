/**
 * Command line of spice-vdagentd 0.22.1 as one option table (@ga/options;
 * spice-vdagent.md §4.2): `-d` debug (twice: more), `-s PORT`, `-S SOCKET`,
 * `-u UINPUT`, `-f` fake uinput, `-x` foreground (it daemonises otherwise,
 * writing the pidfile), `-o` exit after the first port session, `-X` no
 * session tracking; plus this project's `--method/--path` (another
 * transport) and `--pidfile`.
 */
import { applyArgs } from '@ga/options/config-apply';
import { parseArgs } from '@ga/options/getopt';
import { optionsHelp } from '@ga/options/help';
import type { OptionSpec, OptionTable } from '@ga/options/option-table';

/** The daemon's compiled-in defaults (src/vdagentd-proto.h, vdagentd.c). */
export const DEFAULT_PORT_PATH = '/dev/virtio-ports/com.redhat.spice.0';
export const DEFAULT_SESSION_SOCKET = '/run/spice-vdagentd/spice-vdagent-sock';
export const DEFAULT_UINPUT = '/dev/uinput';
export const DEFAULT_PIDFILE = '/run/spice-vdagentd/spice-vdagentd.pid';

export interface CliOptions {
  help: boolean;
  debug: number;
  portPath: string;
  sessionSocket: string;
  uinput: string;
  fakeUinput: boolean;
  foreground: boolean;
  onlyOnce: boolean;
  noSessionTracking: boolean;
  method: string | undefined;
  path: string | undefined;
  pidfile: string;
}

type Spec = OptionSpec<CliOptions>;
const str = (v: boolean | string): string => String(v);

const OPTIONS: readonly Spec[] = [
  { long: 'debug', short: 'd', arg: 'none', kind: 'count', help: 'Log debug messages (use twice for extra info)', apply: (c) => void c.debug++ },
  { long: 'virtio-serial-port-path', short: 's', arg: 'required', kind: 'string', argName: 'PATH', help: `Set virtio-serial path (${DEFAULT_PORT_PATH});\na UNIX socket there is connected to instead`, apply: (c, v) => (c.portPath = str(v)) },
  { long: 'vdagentd-socket', short: 'S', arg: 'required', kind: 'string', argName: 'PATH', help: `Set spice-vdagentd socket (${DEFAULT_SESSION_SOCKET})`, apply: (c, v) => (c.sessionSocket = str(v)) },
  { long: 'uinput-device', short: 'u', arg: 'required', kind: 'string', argName: 'PATH', help: `Set uinput device (${DEFAULT_UINPUT})`, apply: (c, v) => (c.uinput = str(v)) },
  { long: 'fake-uinput', short: 'f', arg: 'none', kind: 'bool', help: 'Treat uinput device as fake; no ioctls', apply: (c) => (c.fakeUinput = true) },
  { long: 'foreground', short: 'x', arg: 'none', kind: 'bool', help: 'Do not daemonize the agent', apply: (c) => (c.foreground = true) },
  { long: 'one-session', short: 'o', arg: 'none', kind: 'bool', help: 'Only handle one virtio serial session', apply: (c) => (c.onlyOnce = true) },
  { long: 'disable-session-integration', short: 'X', arg: 'none', kind: 'bool', help: 'Disable systemd-logind integration', apply: (c) => (c.noSessionTracking = true) },
  { long: 'method', arg: 'required', kind: 'string', argName: 'METHOD', help: 'channel method instead of -s: virtio-serial,\nunix-connect, unix-listen, isa-serial, vsock-listen', apply: (c, v) => (c.method = str(v)) },
  { long: 'path', arg: 'required', kind: 'string', argName: 'PATH', help: 'channel path for --method (default: -s)', apply: (c, v) => (c.path = str(v)) },
  { long: 'pidfile', arg: 'required', kind: 'string', argName: 'PATH', help: `pid file written when daemonized\n(default ${DEFAULT_PIDFILE})`, apply: (c, v) => (c.pidfile = str(v)) },
  { long: 'help', short: 'h', arg: 'none', kind: 'bool', help: 'Show help options', apply: (c) => (c.help = true) },
];

export const VDAGENTD_OPTIONS: OptionTable<CliOptions> = { program: 'spice-vdagentd', options: OPTIONS };

/** Parse argv; throws UsageError. */
export function parseCli(argv: readonly string[]): CliOptions {
  const c: CliOptions = {
    help: false,
    debug: 0,
    portPath: DEFAULT_PORT_PATH,
    sessionSocket: DEFAULT_SESSION_SOCKET,
    uinput: DEFAULT_UINPUT,
    fakeUinput: false,
    foreground: false,
    onlyOnce: false,
    noSessionTracking: false,
    method: undefined,
    path: undefined,
    pidfile: DEFAULT_PIDFILE,
  };
  applyArgs(VDAGENTD_OPTIONS, c, parseArgs(VDAGENTD_OPTIONS, argv));
  return c;
}

export function helpText(): string {
  return `Usage:\n  spice-vdagentd [OPTION…]\n\nApplication Options:\n${optionsHelp(VDAGENTD_OPTIONS, { col: 44, argNames: true }).join('\n')}\n`;
}
