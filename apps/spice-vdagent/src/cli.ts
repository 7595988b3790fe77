/**
 * Command line of spice-vdagentd 0.22.1 (spice-vdagent.md §4.2): `-d` debug
 * (twice: more), `-s PORT`, `-S SOCKET`, `-u UINPUT`, `-f` fake uinput, `-x`
 * foreground, `-o` exit after the first port session, `-X` no session
 * tracking; plus this project's `--method/--path` to open another transport
 * (unix-listen for the demo and the tests).
 */
import yargs from 'yargs';

/** The daemon's compiled-in defaults (src/vdagentd-proto.h, vdagentd.c). */
export const DEFAULT_PORT_PATH = '/dev/virtio-ports/com.redhat.spice.0';
export const DEFAULT_SESSION_SOCKET = '/run/spice-vdagentd/spice-vdagent-sock';
export const DEFAULT_UINPUT = '/dev/uinput';

export interface CliOptions {
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
}

export async function parseCli(argv: string[]): Promise<CliOptions> {
  const a = await yargs(argv)
    .scriptName('spice-vdagentd')
    .usage('$0 [-dxofX] [-s PORT] [-S SOCKET] [-u UINPUT] [--method METHOD --path PATH]')
    .option('d', { type: 'count', describe: 'log debug messages (twice: also mouse tracing)' })
    .option('s', { type: 'string', default: DEFAULT_PORT_PATH, describe: 'virtio port; a UNIX socket there is connected to instead' })
    .option('S', { type: 'string', default: DEFAULT_SESSION_SOCKET, describe: 'session agent socket (not used by the echo agent yet)' })
    .option('u', { type: 'string', default: DEFAULT_UINPUT, describe: 'uinput device (not used by the echo agent yet)' })
    .option('f', { type: 'boolean', default: false, describe: 'fake uinput: write raw input events to -u' })
    .option('x', { type: 'boolean', default: false, describe: 'stay in the foreground (always, for now)' })
    .option('o', { type: 'boolean', default: false, describe: 'exit after the first port session ends' })
    .option('X', { type: 'boolean', default: false, describe: 'no logind session tracking' })
    .option('method', { type: 'string', describe: 'channel method instead of -s: virtio-serial, unix-connect, unix-listen, isa-serial, vsock-listen' })
    .option('path', { type: 'string', describe: 'channel path for --method' })
    .strict()
    .version(false)
    .help('help')
    .alias('help', 'h')
    .fail((msg, err) => {
      throw err ?? new Error(`${msg}; see spice-vdagentd --help`);
    })
    .parseAsync();
  return {
    debug: a.d,
    portPath: a.s,
    sessionSocket: a.S,
    uinput: a.u,
    fakeUinput: a.f,
    foreground: a.x,
    onlyOnce: a.o,
    noSessionTracking: a.X,
    method: a.method,
    path: a.path,
  };
}
