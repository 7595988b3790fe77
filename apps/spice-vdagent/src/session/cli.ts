/**
 * Command line of spice-vdagent 0.22.1 (vdagent.c's GOption table):
 * `-d` debug, `-s PATH` virtio port (only checked to exist: when it does
 * not, the agent exits 0 quietly — no SPICE here), `-S PATH` daemon socket,
 * `-x` foreground, `-f DIR|xdg-desktop|xdg-download` save folder, `-o 0|1`
 * open it after a transfer, hidden `-y` (abort on X errors, accepted), and
 * GTK's `--display`.
 */
import yargs from 'yargs';

export const DEFAULT_PORT_PATH = '/dev/virtio-ports/com.redhat.spice.0';
export const DEFAULT_DAEMON_SOCKET = '/run/spice-vdagentd/spice-vdagent-sock';

export interface SessionCliOptions {
  debug: boolean;
  portPath: string;
  daemonSocket: string;
  foreground: boolean;
  saveDir: string | undefined;
  /** -1: not given (the original then opens the folder unless the desktop shows icons). */
  openDir: -1 | 0 | 1;
  display: string | undefined;
}

export async function parseSessionCli(argv: string[]): Promise<SessionCliOptions> {
  const a = await yargs(argv)
    .scriptName('spice-vdagent')
    .usage('$0 [-dx] [-s PORT] [-S SOCKET] [-f DIR|xdg-desktop|xdg-download] [-o 0|1] [--display DISPLAY]')
    .option('d', { alias: 'debug', type: 'boolean', default: false, describe: 'Enable debug' })
    .option('s', { alias: 'virtio-serial-port-path', type: 'string', default: DEFAULT_PORT_PATH, describe: `Set virtio-serial path (${DEFAULT_PORT_PATH})` })
    .option('S', { alias: 'vdagentd-socket', type: 'string', default: DEFAULT_DAEMON_SOCKET, describe: `Set spice-vdagentd socket (${DEFAULT_DAEMON_SOCKET})` })
    .option('x', { alias: 'foreground', type: 'boolean', default: false, describe: 'Do not daemonize the agent (it always stays in the foreground)' })
    .option('f', { alias: 'file-xfer-save-dir', type: 'string', describe: 'Set directory to file transfers files <dir|xdg-desktop|xdg-download>' })
    .option('o', { alias: 'file-xfer-open-dir', type: 'number', describe: 'Open directory after completing file transfer <0|1>' })
    .option('y', { alias: 'x11-abort-on-error', type: 'boolean', default: false, hidden: true })
    .option('display', { type: 'string', describe: 'X display to use' })
    .strict()
    .version(false)
    .help('help')
    .alias('help', 'h')
    .fail((msg, err) => {
      throw err ?? new Error(`${msg}; see spice-vdagent --help`);
    })
    .parseAsync();
  const o = a.o;
  if (o !== undefined && !Number.isInteger(o)) throw new Error(`-o takes 0 or 1, not ${String(o)}`);
  return {
    debug: a.d,
    portPath: a.s,
    daemonSocket: a.S,
    foreground: a.x,
    saveDir: a.f,
    openDir: o === undefined ? -1 : o ? 1 : 0,
    display: a.display,
  };
}
