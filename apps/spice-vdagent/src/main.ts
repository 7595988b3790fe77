/**
 * spice-vdagentd entry point, wiring only: argv -> session socket, pointer,
 * session tracking -> the daemon, its port on the shared channel life cycle
 * (reopened every 5 s after a failure, capabilities announced again), on the
 * shared process shell (@ga/process: title, signals, daemonising unless -x
 * with a locked pidfile, exit codes 0 on SIGTERM/SIGINT/SIGHUP or, with -o,
 * when the first port session ends; 1 on a start-up error).
 */
import { openUinputTablet } from '@ga/guest-os/input/uinput-tablet';
import { openRawEventWriter } from '@ga/guest-os/input/raw-event-writer';
import type { Sessions } from '@ga/guest-os/sessions/types';
import { createAgentLogger } from '@ga/log/agent-logger';
import { exitNow } from '@ga/process/exit-now';
import { writeLockedPidfile } from '@ga/process/pidfile';
import { runProcess } from '@ga/process/process-shell';
import type { Outcome } from '@ga/process/process-shell';
import { listenFdFromEnv } from '@ga/transport/activation';
import { createChannelLife, describeSpec } from '@ga/transport/channel-life';
import type { ChannelLife } from '@ga/transport/channel-life';
import { peerCredentials } from '@ga/transport/peer-credentials';
import { parseChannelSpec, specForPortPath } from '@ga/transport/spec';
import { parseOrExit } from './cli-outcome.js';
import { helpText, parseCli } from './cli.js';
import type { CliOptions } from './cli.js';
import { connectSessions } from './daemon/connect-sessions.js';
import { createDaemon } from './daemon/daemon.js';
import { sessionSocketListener } from './daemon/session-server.js';

const PROGRAM = 'spice-vdagentd';
/** The reference's cap on connected session agents (udscs.c MAX_CONNECTED_AGENTS). */
const MAX_SESSION_AGENTS = 128;
/** spice-gtk's default max-clipboard (100 MiB) with room for headers: larger udscs messages drop the agent. */
const MAX_UDSCS_MESSAGE = 100 * 1024 * 1024 + 4096;

async function start(cli: CliOptions) {
  const log = createAgentLogger({ program: PROGRAM, style: 'tagged', level: cli.debug > 0 ? 'debug' : 'info' });
  const releasePid = cli.foreground ? undefined : writeLockedPidfile(cli.pidfile);
  const fail = async (e: unknown): Promise<never> => {
    releasePid?.();
    await log.close();
    throw e;
  };
  // -s PATH: a socket there is connected to (how the reference runs without a VM), anything else is the virtio port.
  const spec = cli.method !== undefined ? parseChannelSpec(cli.method, cli.path ?? cli.portPath) : await specForPortPath(cli.portPath);
  let sessions: Sessions | undefined;
  if (!cli.noSessionTracking) {
    try {
      sessions = await connectSessions((err) => log.warn(`logind: ${err.message}`));
    } catch (err) {
      return fail(new Error(`${(err as Error).message}; run with -X to use one session agent without session tracking`));
    }
  }
  const activationFd = listenFdFromEnv();
  let life: ChannelLife | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info(`${reason}: stopping`);
      // A step that cannot finish (a native call stuck in the kernel) must not keep the port open forever.
      setTimeout(() => {
        process.stderr.write(`${PROGRAM}: shutdown did not finish within 5 s; exiting anyway\n`);
        exitNow(1);
      }, 5000).unref();
      await daemon.stop();
      await life?.close();
      await sessions?.close();
      releasePid?.();
      await log.close();
    })());
  const daemon = await createDaemon(
    { write: (data) => (life ? life.write(data) : Promise.reject(new Error('port not open'))) },
    {
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
      onExit: (code, why) => void stop(why).then(() => exitNow(code)),
    },
  ).catch(fail);
  // The port is the daemon's reason to live: a failed one is reopened every 5 s (the reference closes and reopens it).
  const port = createChannelLife({ spec, retry: true, log, ...daemon.events, onFatal: () => undefined });
  life = port;
  await port.start().catch(async (e: unknown) => {
    await daemon.stop();
    return fail(e);
  });
  log.info(`${PROGRAM} on ${describeSpec(spec)}, session socket ${activationFd !== undefined ? `fd ${activationFd}` : cli.sessionSocket}`);
  return { log, stop };
}

function decide(argv: string[]): Outcome {
  const parsed = parseOrExit(PROGRAM, () => parseCli(argv), helpText);
  if ('exit' in parsed) return parsed;
  const { cli } = parsed;
  return { daemonize: !cli.foreground, start: () => start(cli) };
}

runProcess({ program: PROGRAM, stopSignals: ['SIGTERM', 'SIGINT', 'SIGHUP'] }, () => decide(process.argv.slice(2)));
