/**
 * Command line of spice-vdagent 0.22.1 (vdagent.c's GOption table) as one
 * option table (@ga/options): `-d` debug, `-s PATH` virtio port (only
 * checked to exist: when it does not, the agent exits 0 quietly — no SPICE
 * here), `-S PATH` daemon socket, `-x` foreground (it daemonises
 * otherwise), `-f DIR|xdg-desktop|xdg-download` save folder, `-o 0|1` open
 * it after a transfer, hidden `-y` (abort on X errors, accepted), and GTK's
 * `--display`.
 */
import { applyArgs } from '@ga/options/config-apply';
import { parseArgs } from '@ga/options/getopt';
import { optionsHelp } from '@ga/options/help';
import { UsageError } from '@ga/options/option-table';
import type { OptionSpec, OptionTable } from '@ga/options/option-table';

export const DEFAULT_PORT_PATH = '/dev/virtio-ports/com.redhat.spice.0';
export const DEFAULT_DAEMON_SOCKET = '/run/spice-vdagentd/spice-vdagent-sock';

export interface SessionCliOptions {
  help: boolean;
  debug: boolean;
  portPath: string;
  daemonSocket: string;
  foreground: boolean;
  saveDir: string | undefined;
  /** -1: not given (the original then opens the folder unless the desktop shows icons). */
  openDir: -1 | 0 | 1;
  display: string | undefined;
}

type Spec = OptionSpec<SessionCliOptions>;
const str = (v: boolean | string): string => String(v);

const OPTIONS: readonly Spec[] = [
  { long: 'debug', short: 'd', arg: 'none', kind: 'bool', help: 'Enable debug', apply: (c) => (c.debug = true) },
  { long: 'virtio-serial-port-path', short: 's', arg: 'required', kind: 'string', argName: 'PATH', help: `Set virtio-serial path (${DEFAULT_PORT_PATH})`, apply: (c, v) => (c.portPath = str(v)) },
  { long: 'vdagentd-socket', short: 'S', arg: 'required', kind: 'string', argName: 'PATH', help: `Set spice-vdagentd socket (${DEFAULT_DAEMON_SOCKET})`, apply: (c, v) => (c.daemonSocket = str(v)) },
  { long: 'foreground', short: 'x', arg: 'none', kind: 'bool', help: 'Do not daemonize the agent', apply: (c) => (c.foreground = true) },
  {
    long: 'file-xfer-save-dir',
    short: 'f',
    arg: 'required',
    kind: 'string',
    argName: 'DIR',
    help: 'Set directory to file transfers files <dir|xdg-desktop|xdg-download>',
    apply: (c, v) => (c.saveDir = str(v)),
  },
  {
    long: 'file-xfer-open-dir',
    short: 'o',
    arg: 'required',
    kind: 'number',
    argName: '0|1',
    help: 'Open directory after completing file transfer <0|1>',
    apply: (c, v) => {
      if (v !== '0' && v !== '1') throw new UsageError(`-o takes 0 or 1, not ${str(v)}`);
      c.openDir = v === '1' ? 1 : 0;
    },
  },
  { long: 'x11-abort-on-error', short: 'y', arg: 'none', kind: 'bool', hidden: true, help: 'Aborts on errors from X11', apply: () => undefined },
  { long: 'display', arg: 'required', kind: 'string', argName: 'DISPLAY', help: 'X display to use', apply: (c, v) => (c.display = str(v)) },
  { long: 'help', short: 'h', arg: 'none', kind: 'bool', help: 'Show help options', apply: (c) => (c.help = true) },
];

export const SESSION_OPTIONS: OptionTable<SessionCliOptions> = { program: 'spice-vdagent', options: OPTIONS };

/** Parse argv; throws UsageError. */
export function parseSessionCli(argv: readonly string[]): SessionCliOptions {
  const c: SessionCliOptions = { help: false, debug: false, portPath: DEFAULT_PORT_PATH, daemonSocket: DEFAULT_DAEMON_SOCKET, foreground: false, saveDir: undefined, openDir: -1, display: undefined };
  applyArgs(SESSION_OPTIONS, c, parseArgs(SESSION_OPTIONS, argv));
  return c;
}

export function sessionHelpText(): string {
  return `Usage:\n  spice-vdagent [OPTION…]\n\nApplication Options:\n${optionsHelp(SESSION_OPTIONS, { col: 44, argNames: true }).join('\n')}\n`;
}
