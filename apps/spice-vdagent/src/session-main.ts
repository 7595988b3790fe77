/**
 * spice-vdagent (the per-session agent) entry point, wiring only: argv → X
 * connection, clipboard, RandR, save folder → the daemon link, on the shared
 * process shell (@ga/process: title, signals, daemonising unless -x). Exit codes:
 * 0 when there is no SPICE port (-s missing, as the original), when
 * another agent already serves the X display, on
 * SIGTERM/SIGINT/SIGHUP, or when the daemon never answered (60 tries);
 * 1 when the X server cannot be reached or goes away (the session ended).
 */
import { existsSync } from 'node:fs';
import { createAgentLogger } from '@ga/log/agent-logger';
import { exitNow } from '@ga/process/exit-now';
import { runProcess } from '@ga/process/process-shell';
import type { Outcome, Service } from '@ga/process/process-shell';
import { alsaVolume } from '@ga/guest-os/audio/alsa-volume';
import { xdgOpenFolder } from '@ga/guest-os/display/open-folder';
import { userSpecialDir } from '@ga/guest-os/users/xdg-user-dirs';
import { parseOrExit } from './cli-outcome.js';
import { parseSessionCli, sessionHelpText } from './session/cli.js';
import type { SessionCliOptions } from './session/cli.js';
import { connectX } from './session/x11/xconn.js';
import { RandR } from './session/x11/randr.js';
import { lockDisplay } from './session/x11/instance-lock.js';
import { X11Clipboard } from './session/x11/clipboard.js';
import { FileXfers } from './session/file-xfers.js';
import { DaemonLink } from './session/daemon-link.js';
import { SessionAgent } from './session/agent.js';
import { UDSCS } from '@ga/framing/udscs-protocol';
import { encodeTypes } from '@ga/framing/udscs';

/** spice-gtk's default max-clipboard (100 MiB): nothing larger could be pasted on the client anyway. */
const MAX_CLIPBOARD = 100 * 1024 * 1024;
const MAX_UDSCS_MESSAGE = MAX_CLIPBOARD + 4096;

function saveDirOf(cli: SessionCliOptions): string | undefined {
  // Without -f the original picks the desktop when a file manager draws icons on it; we cannot tell, so Downloads.
  if (cli.saveDir === 'xdg-desktop') return userSpecialDir('DESKTOP');
  if (cli.saveDir === 'xdg-download' || cli.saveDir === undefined) return userSpecialDir('DOWNLOAD');
  return cli.saveDir;
}

const PROGRAM = 'spice-vdagent';

async function start(cli: SessionCliOptions): Promise<Service> {
  const log = createAgentLogger({ program: PROGRAM, style: 'tagged', level: cli.debug ? 'debug' : 'info' });
  let x;
  try {
    x = await connectX(cli.display ?? process.env.DISPLAY);
  } catch (err) {
    await log.close();
    throw new Error(`cannot open the X display ${cli.display ?? process.env.DISPLAY ?? ':0'}: ${(err as Error).message}`);
  }
  if (!(await lockDisplay(x))) {
    log.info(`another spice-vdagent already serves display ${cli.display ?? process.env.DISPLAY ?? ':0'}: exiting`);
    x.close();
    await log.close();
    return exitNow(0);
  }
  let finish: (code: number) => void = () => undefined;
  x.onError((err) => log.debug(`X error: ${err.message}`));
  x.onClose(() => {
    log.error('the X server connection was closed');
    finish(1);
  });
  log.info('vdagent started');

  const randr = await RandR.open(x);
  if (!randr) log.warn('the X server has no RandR 1.3: monitors configs are not applied');
  const saveDir = saveDirOf(cli);
  let xfers: FileXfers | undefined;
  const link = new DaemonLink(
    { path: cli.daemonSocket, maxMessageSize: MAX_UDSCS_MESSAGE, retryMs: 1000, maxRetries: 60 },
    {
      onConnect: () => {
        log.debug(`connected to spice-vdagentd at ${cli.daemonSocket}`);
        void agent.connected().catch((e) => log.error(`after connecting: ${(e as Error).message}`));
      },
      onMessage: (m) => agent.handle(m),
      onDisconnect: (why) => {
        log.warn(`spice-vdagentd went away (${why}): reconnecting`);
        void agent.disconnected();
      },
      onGiveUp: (why) => {
        log.warn(`Failed to connect to spice-vdagentd at ${cli.daemonSocket} (tried 60 times): ${why}`);
        finish(0);
      },
    },
  );
  if (saveDir && existsSync(saveDir)) {
    xfers = new FileXfers(
      { saveDir, openDir: cli.openDir !== 0, openFolder: xdgOpenFolder() },
      (id, result, detail) => link.send(UDSCS.FILE_XFER_STATUS, id, result, detail),
      log,
    );
  } else {
    log.warn(`no save folder${saveDir ? ` (${saveDir} does not exist)` : ''}: file transfer is disabled`);
  }
  const clipboard = await X11Clipboard.start(
    x,
    {
      grab: (sel, types) => link.send(UDSCS.CLIPBOARD_GRAB, sel, 0, encodeTypes(types)),
      request: (sel, type) => link.send(UDSCS.CLIPBOARD_REQUEST, sel, type),
      data: (sel, type, data) => link.send(UDSCS.CLIPBOARD_DATA, sel, type, data),
      release: (sel) => link.send(UDSCS.CLIPBOARD_RELEASE, sel),
    },
    log,
    { maxBytes: MAX_CLIPBOARD, timeoutMs: 10_000, pasteTimeoutMs: 30_000 },
  );
  const agent = new SessionAgent({ x, clipboard, randr, xfers, volume: alsaVolume(), log }, link);
  link.start();

  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info(`${reason}: stopping`);
      // Like the original's dispose: guest-owned selections are released, client-owned ones dropped.
      clipboard.releaseAll();
      clipboard.close();
      await link.flush();
      link.close();
      await xfers?.dropAll();
      x.close();
      await log.close();
    })());
  // The agent ends itself (X gone, the daemon never answered): clean up, then exit with `code`.
  finish = (code) => void stop(code === 0 ? 'done' : 'the session ended').then(() => exitNow(code));
  return { log, stop };
}

function decide(argv: string[]): Outcome {
  const parsed = parseOrExit(PROGRAM, () => parseSessionCli(argv), sessionHelpText);
  if ('exit' in parsed) return parsed;
  const { cli } = parsed;
  // No SPICE port: nothing to do here, quietly (the original checks before daemonising).
  if (!existsSync(cli.portPath)) return { exit: 0 };
  return { daemonize: !cli.foreground, start: () => start(cli) };
}

runProcess({ program: PROGRAM, stopSignals: ['SIGTERM', 'SIGINT', 'SIGHUP'] }, () => decide(process.argv.slice(2)));
