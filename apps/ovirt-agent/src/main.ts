/**
 * ovirt-guest-agent entry point: argv -> config -> channel -> agent, on the
 * shared process shell (@ga/process: title, signals, -d, exit codes), the
 * locked pidfile, the agent logger and the channel life cycle. Exit codes:
 * 0 on SIGTERM/SIGINT, 1 on a start-up error (the message says what to do),
 * 2 for --help and usage errors as the reference.
 */
import { connectLogind } from '@ga/guest-os/sessions/logind';
import type { Sessions } from '@ga/guest-os/sessions/types';
import { connectCredentialsAnnouncer, type CredentialsAnnouncer } from '@ga/guest-os/sso/credentials-signal';
import { createAgentLogger } from '@ga/log/agent-logger';
import { UsageError } from '@ga/options/option-table';
import { writeLockedPidfile } from '@ga/process/pidfile';
import { runProcess } from '@ga/process/process-shell';
import type { Outcome } from '@ga/process/process-shell';
import { describeSpec, resolveChannelSpec } from '@ga/transport/channel-life';
import { parseChannelSpec } from '@ga/transport/spec';
import { realActions } from './actions.js';
import { createOvirtAgent } from './agent.js';
import { channelPath } from './channel-path.js';
import { helpText, parseCli, pidfileFor } from './cli.js';
import type { CliOptions } from './cli.js';
import { loadConfigFiles } from './config-files.js';
import { nullSessions } from './null-sessions.js';
import { realFacts } from './real-facts.js';
import { serveOvirt } from './serve.js';
import { credServer } from './sso/cred-server.js';

const PROGRAM = 'ovirt-guest-agent';

async function start(cli: CliOptions, loaded: ReturnType<typeof loadConfigFiles>) {
  const { config } = loaded;
  const log = createAgentLogger({ program: PROGRAM, style: 'tagged', level: cli.verbose ? 'debug' : 'info' });
  for (const w of loaded.warnings) log.warn(w);
  const pidfile = pidfileFor(cli);
  const releasePid = pidfile ? writeLockedPidfile(pidfile) : undefined;
  const spec = await resolveChannelSpec(() => parseChannelSpec(cli.method ?? 'virtio-serial', cli.path ?? channelPath(config.virtio.devicePrefix)));
  let sessions: Sessions;
  try {
    sessions = await connectLogind({ onError: (err) => log.warn(err.message) });
  } catch (err) {
    log.warn(`logind unavailable (no active user, session events, lock or log-off): ${(err as Error).message}`);
    sessions = nullSessions((err as Error).message);
  }
  let announcer: CredentialsAnnouncer | undefined;
  const login = credServer({
    socket: config.credentials.socket,
    timeoutMs: config.credentials.timeout * 1000,
    allowedUids: config.credentials.allowedUids,
    log,
    announce: async (token) => {
      announcer ??= await connectCredentialsAnnouncer(process.env.DBUS_SYSTEM_BUS_ADDRESS || 'unix:path=/run/dbus/system_bus_socket');
      await announcer.announce(token);
    },
  });
  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info(`stopping: ${reason}`);
      await serving.stop();
      await sessions.close();
      await announcer?.close();
      releasePid?.();
      await log.close();
    })());
  // A daemon: a channel that fails (port unplugged, driver reload) is reopened every 5 s.
  const serving = await serveOvirt({
    spec,
    retry: true,
    log,
    makeAgent: (send) => createOvirtAgent({ send, facts: realFacts(), actions: realActions({ config, sessions, login }), sessions, config, log }),
  }).catch(async (e: unknown) => {
    releasePid?.();
    throw e;
  });
  log.info(`listening on ${describeSpec(spec)}`);
  return { log, stop };
}

function decide(argv: string[]): Outcome {
  let cli;
  try {
    cli = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stdout.write(`${e.message}\nTry \`${PROGRAM} --help' for more information.\n`);
    return { exit: 2 };
  }
  if (cli.help) {
    process.stdout.write(helpText());
    return { exit: 2 };
  }
  let loaded: ReturnType<typeof loadConfigFiles>;
  try {
    loaded = loadConfigFiles(cli.config);
  } catch (e) {
    process.stderr.write(`${PROGRAM}: ${(e as Error).message}\n`);
    return { exit: 1 };
  }
  return { daemonize: cli.daemonize, start: () => start(cli, loaded) };
}

runProcess({ program: PROGRAM }, () => decide(process.argv.slice(2)));
