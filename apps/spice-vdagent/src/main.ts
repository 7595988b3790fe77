/**
 * spice-vdagentd entry point, wiring only: argv -> port, session socket,
 * pointer, session tracking -> startDaemon. Exit codes: 0 on
 * SIGTERM/SIGINT/SIGHUP (or, with -o, when the first port session ends),
 * 1 on a startup error or a fatal port error (the message says what to do).
 */
import { createJournalLogger } from '@ga/log/journal-logger';
import { openUinputTablet } from '@ga/guest-os/input/uinput-tablet';
import { openRawEventWriter } from '@ga/guest-os/input/raw-event-writer';
import type { Sessions } from '@ga/guest-os/sessions/types';
import { listenFdFromEnv } from '@ga/transport/activation';
import { parseChannelSpec } from '@ga/transport/spec';
import { peerCredentials } from '@ga/transport/peer-credentials';
import { openChannel } from '@ga/transport/open';
import type { Channel } from '@ga/transport';
import { parseCli } from './cli.js';
import { startDaemon } from './daemon/daemon.js';
import { sessionSocketListener } from './daemon/session-server.js';
import { connectSessions } from './daemon/connect-sessions.js';
import { portSpec } from './port-spec.js';
import { exitNow } from './exit-now.js';

/** The reference's cap on connected session agents (udscs.c MAX_CONNECTED_AGENTS). */
const MAX_SESSION_AGENTS = 128;
/** spice-gtk's default max-clipboard (100 MiB) with room for headers: larger udscs messages drop the agent. */
const MAX_UDSCS_MESSAGE = 100 * 1024 * 1024 + 4096;

async function main(): Promise<number> {
  let cli;
  try {
    cli = await parseCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`spice-vdagentd: ${(err as Error).message}\n`);
    return 1;
  }
  const log = createJournalLogger({ tag: 'spice-vdagentd', verbose: cli.debug > 0 });
  const spec = portSpec(cli.portPath, cli.method, cli.path);
  // Not opened here: the daemon opens it once its listeners are attached, so the first `connect` is seen.
  const channel: Channel = await openChannelUnopened(spec);
  let sessions: Sessions | undefined;
  if (!cli.noSessionTracking) {
    try {
      sessions = await connectSessions((err) => log.warn(`logind: ${err.message}`));
    } catch (err) {
      log.error(`${(err as Error).message}; run with -X to use one session agent without session tracking`);
      await log.close();
      return 1;
    }
  }
  const activationFd = listenFdFromEnv();
  let code = 0;
  let finish: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const daemon = await startDaemon(channel, {
    log,
    options: { debug: cli.debug, onlyOnce: cli.onlyOnce },
    sessions,
    input: (w, h) => (cli.fakeUinput ? openRawEventWriter(cli.uinput, w, h) : openUinputTablet(cli.uinput, w, h)),
    listenSessionSocket: sessionSocketListener({
      path: cli.sessionSocket,
      fd: activationFd,
      maxConnections: MAX_SESSION_AGENTS,
      maxMessageSize: MAX_UDSCS_MESSAGE,
      peerOf: (s) => peerCredentials(s),
      onWarning: (m) => log.warn(m),
    }),
    onExit: (c, why) => {
      log.info(`${why}: stopping`);
      code = c;
      finish?.();
    },
  });
  log.info(`spice-vdagentd on ${spec.method} ${'path' in spec ? spec.path : ''}, session socket ${activationFd !== undefined ? `fd ${activationFd}` : cli.sessionSocket}`);
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(sig, () => {
      log.info(`${sig}: stopping`);
      finish?.();
    });
  }
  await done;
  // A step that cannot finish (a native call stuck in the kernel) must not keep the port open forever.
  setTimeout(() => {
    process.stderr.write('spice-vdagentd: shutdown did not finish within 5 s; exiting anyway\n');
    exitNow(code);
  }, 5000).unref();
  log.debug('stopping: daemon');
  await daemon.stop();
  log.debug('stopping: port');
  await channel.close();
  log.debug('stopping: sessions');
  await sessions?.close();
  log.debug('stopped');
  await log.close();
  return code;
}

/** openChannel opens; the daemon wants to attach first. Same constructors, without the open. */
async function openChannelUnopened(spec: ReturnType<typeof parseChannelSpec>): Promise<Channel> {
  switch (spec.method) {
    case 'virtio-serial':
      return new (await import('@ga/transport/virtio-serial')).VirtioSerialChannel(spec);
    case 'unix-connect':
      return new (await import('@ga/transport/unix-connect')).UnixConnectChannel(spec);
    case 'unix-listen':
      return new (await import('@ga/transport/unix-listen')).UnixListenChannel(spec);
    default:
      return openChannel(spec);
  }
}

main().then(
  (code) => exitNow(code),
  (err: unknown) => {
    process.stderr.write(`spice-vdagentd: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
