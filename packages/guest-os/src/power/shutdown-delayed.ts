/**
 * shutdown(8) with a delay and a wall message, as the oVirt `shutdown`
 * command asks for: `shutdown -h|-r +<minutes> <message>`, minutes rounded
 * up from seconds like the reference. The message is one argv element (no
 * shell, no quoting), so it reaches users exactly as sent.
 */
import { runCommand, type CommandRunner, type RunResult } from '../exec/run-command.js';
import { SHUTDOWN_PROGRAM } from './shutdown.js';

export interface DelayedShutdown {
  /** Seconds until it happens; negative or fractional values are rounded up to whole minutes, >= 0. */
  delaySeconds: number;
  message: string;
  reboot: boolean;
}

export function delayedShutdownArgs(req: DelayedShutdown): string[] {
  const minutes = Math.max(0, Math.ceil(req.delaySeconds / 60));
  return [req.reboot ? '-r' : '-h', `+${minutes}`, req.message];
}

export function shutdownWithMessage(req: DelayedShutdown, run: CommandRunner = runCommand): Promise<RunResult> {
  return run(SHUTDOWN_PROGRAM, delayedShutdownArgs(req), { argv0: 'shutdown' });
}
