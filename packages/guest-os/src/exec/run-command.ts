import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';

/** How a helper program ended: exactly one of the two is a number. */
export interface RunResult {
  exitCode: number | null;
  /** Signal number (not name) when the child was killed. */
  signal: number | null;
}

export interface RunOptions {
  /** Bytes written to the child's stdin, which is then closed; /dev/null when absent. */
  stdin?: Buffer;
  /** argv[0] seen by the child; default: `file`. */
  argv0?: string;
}

/**
 * Runs a helper program the way qemu-ga forks its helpers (shutdown, hwclock,
 * chpasswd, the fsfreeze hook, systemctl/pm-utils): in its own session, stdout
 * and stderr on /dev/null, and waits for it. A bare name is looked up in PATH.
 * Rejects (with a Node error carrying `code`/`errno`) only when the program
 * could not be started at all.
 */
export type CommandRunner = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** Converts a Node signal name to its number (SIGKILL → 9). */
export function signalNumber(name: NodeJS.Signals | null): number | null {
  if (name === null) return null;
  return (osConstants.signals as Record<string, number | undefined>)[name] ?? null;
}

export const runCommand: CommandRunner = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      argv0: options.argv0,
      stdio: [options.stdin ? 'pipe' : 'ignore', 'ignore', 'ignore'],
      detached: true, // setsid(), like qemu-ga's helpers
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ exitCode: code, signal: signalNumber(signal) }));
    if (options.stdin && child.stdin) {
      // A helper that exits without reading its input must not crash the agent with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }
  });
