import { constants, promises as fsp } from 'node:fs';
import { errnoText } from '@ga/native/errno';
import { runCommand, type CommandRunner } from '../exec/run-command.js';

/** The argument the fsfreeze hook receives. */
export type HookPhase = 'freeze' | 'thaw';

export interface HookDeps {
  run?: CommandRunner;
  /** access(hook, X_OK); rejects when not executable. */
  accessExec?: (path: string) => Promise<void>;
}

/**
 * Runs the fsfreeze hook like qemu-ga (qemu-ga.md §3.5): it must be
 * executable (`can't access fsfreeze hook '<path>': <errno>`), gets one
 * argument, runs in its own session with stdio on /dev/null, and must exit 0
 * (`fsfreeze hook has failed with status N`; killed →
 * `fsfreeze hook has terminated abnormally`). A hook that cannot be executed
 * at all counts as status 1, which is what qemu-ga's forked child exits with.
 */
export async function runFsfreezeHook(hook: string, phase: HookPhase, deps: HookDeps = {}): Promise<void> {
  const accessExec = deps.accessExec ?? ((p: string) => fsp.access(p, constants.X_OK));
  try {
    await accessExec(hook);
  } catch (err) {
    throw new Error(`can't access fsfreeze hook '${hook}': ${errnoText(err)}`);
  }
  let result;
  try {
    result = await (deps.run ?? runCommand)(hook, [phase]);
  } catch {
    result = { exitCode: 1, signal: null };
  }
  if (result.exitCode === null) throw new Error('fsfreeze hook has terminated abnormally');
  if (result.exitCode !== 0) throw new Error(`fsfreeze hook has failed with status ${result.exitCode}`);
}
