/**
 * `-d`: Node cannot fork(), so the agent re-executes itself detached (new
 * session, cwd `/`, stdio on /dev/null, umask 077 — qemu-ga's become_daemon
 * steps) and the parent waits on a pipe until the child reports that it
 * claimed the pidfile and opened its channel, or why it could not. The
 * parent then exits 0 or prints the child's error and exits 1, so init
 * scripts still see startup failures.
 */
import { spawn } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';

/** Set in the child's environment so it does not daemonize again. */
export const DAEMON_CHILD_ENV = 'GA_DAEMON_CHILD';
/** The child's status pipe. */
const STATUS_FD = 3;

export function isDaemonChild(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[DAEMON_CHILD_ENV] === '1';
}

/** In the parent: start the detached child and resolve with the exit status to use. */
export function spawnDaemon(argv: readonly string[]): Promise<{ code: number; message?: string }> {
  const child = spawn(process.execPath, [...process.execArgv, ...argv], {
    detached: true,
    cwd: '/',
    env: { ...process.env, [DAEMON_CHILD_ENV]: '1' },
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve) => {
    let text = '';
    const status = child.stdio[STATUS_FD] as NodeJS.ReadableStream;
    status.setEncoding('utf8');
    status.on('data', (d: string) => (text += d));
    status.on('end', () => {
      child.unref();
      if (text.startsWith('ok')) resolve({ code: 0 });
      else resolve({ code: 1, message: text.replace(/^error: /, '').trim() || 'the daemon exited during startup' });
    });
    child.on('error', (e) => resolve({ code: 1, message: `cannot start the daemon: ${e.message}` }));
  });
}

/** In the child: become a daemon proper (umask) before touching files. */
export function enterDaemonChild(): void {
  process.umask(0o077);
}

/** In the child: tell the parent the outcome and close the pipe. */
export function reportToParent(error?: string): void {
  try {
    writeSync(STATUS_FD, error === undefined ? 'ok\n' : `error: ${error}\n`);
    closeSync(STATUS_FD);
  } catch {
    // parent gone: nothing to tell
  }
}
