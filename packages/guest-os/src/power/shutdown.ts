import { runCommand, type CommandRunner } from '../exec/run-command.js';

/** guest-shutdown modes and the shutdown(8) flag each one uses on Linux. */
const SHUTDOWN_FLAGS = { powerdown: '-P', halt: '-H', reboot: '-r' } as const;

export type ShutdownMode = keyof typeof SHUTDOWN_FLAGS;

/** The program guest-shutdown runs (an absolute path, as qemu-ga execs it). */
export const SHUTDOWN_PROGRAM = '/sbin/shutdown';

/** shutdown(8) arguments for a mode: `-h <flag> +0 "hypervisor initiated shutdown"`. */
export function shutdownArgs(mode: ShutdownMode): string[] {
  return ['-h', SHUTDOWN_FLAGS[mode], '+0', 'hypervisor initiated shutdown'];
}

/**
 * guest-shutdown: validates the mode (default powerdown) with qemu-ga's text
 * — its unbalanced parenthesis included — then runs /sbin/shutdown and waits.
 * A shutdown binary that cannot be executed fails like qemu-ga's forked child
 * (exit status 1 → `child process has failed to shutdown`).
 */
export async function shutdownGuest(mode: string | undefined, run: CommandRunner = runCommand): Promise<void> {
  const m = mode ?? 'powerdown';
  if (!Object.hasOwn(SHUTDOWN_FLAGS, m)) {
    throw new Error('mode is invalid (valid values are: halt|powerdown|reboot');
  }
  let result;
  try {
    result = await run(SHUTDOWN_PROGRAM, shutdownArgs(m as ShutdownMode), { argv0: 'shutdown' });
  } catch {
    result = { exitCode: 1, signal: null };
  }
  if (result.exitCode === null) throw new Error('child process has terminated abnormally');
  if (result.exitCode !== 0) throw new Error('child process has failed to shutdown');
}
