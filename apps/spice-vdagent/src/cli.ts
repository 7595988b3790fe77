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
    // Long names as in the reference's GOption table.
    .option('d', { alias: 'debug', type: 'count', describe: 'Log debug messages (use twice for extra info)' })
    .option('s', { alias: 'virtio-serial-port-path', type: 'string', default: DEFAULT_PORT_PATH, describe: 'Set virtio-serial path; a UNIX socket there is connected to instead' })
    .option('S', { alias: 'vdagentd-socket', type: 'string', default: DEFAULT_SESSION_SOCKET, describe: 'Set spice-vdagentd socket' })
    .option('u', { alias: 'uinput-device', type: 'string', default: DEFAULT_UINPUT, describe: 'Set uinput device' })
    .option('f', { alias: 'fake-uinput', type: 'boolean', default: false, describe: 'Treat uinput device as fake; no ioctls' })
    .option('x', { alias: 'foreground', type: 'boolean', default: false, describe: 'Do not daemonize the agent (always in the foreground for now)' })
    .option('o', { alias: 'one-session', type: 'boolean', default: false, describe: 'Only handle one virtio serial session' })
    .option('X', { alias: 'disable-session-integration', type: 'boolean', default: false, describe: 'Disable systemd-logind integration' })
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
