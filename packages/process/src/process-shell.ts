/**
 * The part of every agent's main() that is about being a Unix daemon, not
 * about a protocol: the process title, signal hygiene, the `-d` handshake
 * (daemonize.ts), what a stray rejection does, which signals stop the agent,
 * and the exit codes: 0 after a clean stop or an informational action
 * (--help), 1 on any start-up error with the message on stderr.
 */
import { enterDaemonChild, isDaemonChild, reportToParent, spawnDaemon } from './daemonize.js';
import { exitNow } from './exit-now.js';
import { keepInheritedIgnores, refuseInspectorSignal } from './signals.js';

/** A started agent, as the shell drives it. */
export interface Service {
  /** Where stray rejections are reported. */
  readonly log: { error(msg: string): void };
  /** Close the channel, release the pidfile, flush the log. */
  stop(reason: string): Promise<void>;
}

/** What main() decided: exit now with a status, or run `start` as a (maybe detached) service. */
export type Outcome = { exit: number } | { daemonize: boolean; start: () => Promise<Service> };

export interface ShellOptions {
  /** Program name: process title (ps, pidof, pgrep) and message prefix. */
  program: string;
  /** Signals that stop the service cleanly (default SIGTERM, SIGINT). */
  stopSignals?: readonly NodeJS.Signals[];
  /** Printed after a start-up error, e.g. qemu-ga's "failed to start the guest agent". */
  startFailure?: string;
}

const describe = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

async function serve(opts: ShellOptions, outcome: Outcome): Promise<number> {
  if ('exit' in outcome) return outcome.exit;
  const child = isDaemonChild();
  if (outcome.daemonize && !child) {
    const r = await spawnDaemon([process.argv[1] ?? '', ...process.argv.slice(2)]);
    if (r.message) process.stderr.write(`${opts.program}: ${r.message}\n`);
    return r.code;
  }
  if (child) enterDaemonChild();
  let service: Service;
  try {
    service = await outcome.start();
  } catch (e) {
    const msg = (e as Error).message;
    if (child) reportToParent(msg);
    process.stderr.write(`${opts.program}: ${msg}\n${opts.startFailure ? `${opts.program}: ${opts.startFailure}\n` : ''}`);
    return 1;
  }
  if (child) reportToParent();
  // A stray rejection in one request must not take the agent down: log it and keep serving.
  process.on('unhandledRejection', (reason) => service.log.error(`unhandled rejection: ${describe(reason)}`));
  for (const sig of opts.stopSignals ?? ['SIGTERM', 'SIGINT']) {
    process.on(sig, () => void service.stop(`received ${sig}`).then(() => exitNow(0)));
  }
  return -1; // keep running
}

/**
 * Run an agent's main: `decide` parses the command line and returns what to
 * do. Never returns; the process exits with the status described above.
 */
export function runProcess(opts: ShellOptions, decide: () => Promise<Outcome> | Outcome): void {
  process.title = opts.program;
  refuseInspectorSignal();
  keepInheritedIgnores(opts.stopSignals ?? ['SIGTERM', 'SIGINT']);
  Promise.resolve()
    .then(decide)
    .then((o) => serve(opts, o))
    .then(
      (code) => {
        if (code >= 0) process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`${opts.program}: internal error: ${describe(e)}\n`);
        process.exit(1);
      },
    );
}
