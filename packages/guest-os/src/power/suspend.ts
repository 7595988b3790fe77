import { readFile, writeFile } from 'node:fs/promises';
import { runCommand, type CommandRunner } from '../exec/run-command.js';

export type SuspendMode = 'disk' | 'ram' | 'hybrid';

/** Per mode: systemd unit probed, systemctl verb, pm-is-supported flag, pm-utils binary, /sys/power/state word. */
const MODES = {
  disk: { unit: 'systemd-hibernate', verb: 'hibernate', pmFlag: '--hibernate', pmBin: 'pm-hibernate', sysWord: 'disk' },
  ram: { unit: 'systemd-suspend', verb: 'suspend', pmFlag: '--suspend', pmBin: 'pm-suspend', sysWord: 'mem' },
  hybrid: {
    unit: 'systemd-hybrid-sleep',
    verb: 'hybrid-sleep',
    pmFlag: '--suspend-hybrid',
    pmBin: 'pm-suspend-hybrid',
    sysWord: undefined,
  },
} as const;

export const SYS_POWER_STATE = '/sys/power/state';

export interface SuspendDeps {
  /** Runs a helper found in PATH; stdout/stderr discarded. */
  run?: CommandRunner;
  readSysState?: () => Promise<string>;
  /** Writes the word to /sys/power/state (qemu-ga does it in a forked child). */
  writeSysState?: (word: string) => Promise<void>;
}

class StageError extends Error {}

/**
 * Exit status of a helper the way qemu-ga's run_process_child sees it:
 * -1 when the program is not in PATH, WEXITSTATUS otherwise (0 for a child
 * killed by a signal); other start failures are errors.
 */
async function runHelper(run: CommandRunner, file: string, args: string[]): Promise<number> {
  try {
    const r = await run(file, args);
    return r.exitCode ?? 0;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return -1;
    throw new StageError(`failed to create child process, error '${(err as Error).message}'`);
  }
}

/**
 * guest-suspend-disk/ram/hybrid, following qemu-ga 7.2.x's chain (with the
 * stable fix that lets each stage fall through): systemd (`systemctl status
 * <unit>` exiting 1..3 means the unit exists, then `systemctl <verb>`), then
 * pm-utils (`pm-is-supported <flag>` exiting 0, then `pm-<x>`), then writing
 * `disk`/`mem` to /sys/power/state (never for hybrid). When no stage supports
 * the mode: `the requested suspend mode is not supported by the guest`.
 */
export async function suspendGuest(mode: SuspendMode, deps: SuspendDeps = {}): Promise<void> {
  const run = deps.run ?? runCommand;
  const m = MODES[mode];
  let supported = false;

  // systemd
  let systemdOk = false;
  try {
    const st = await runHelper(run, 'systemctl', ['status', m.unit]);
    systemdOk = st > 0 && st < 4;
  } catch {
    systemdOk = false;
  }
  if (systemdOk) {
    supported = true;
    try {
      const st = await runHelper(run, 'systemctl', [m.verb]);
      if (st === 0) return;
    } catch {
      // fall through to pm-utils, as qemu-ga does with the error
    }
  }

  // pm-utils
  let pmOk = false;
  try {
    pmOk = (await runHelper(run, 'pm-is-supported', [m.pmFlag])) === 0;
  } catch {
    pmOk = false;
  }
  if (pmOk) {
    supported = true;
    try {
      const st = await runHelper(run, m.pmBin, []);
      if (st === 0) return;
    } catch {
      // fall through to /sys/power/state
    }
  }

  // /sys/power/state
  let stageError: string | undefined;
  let sysOk = false;
  if (m.sysWord === undefined) {
    stageError = 'unknown guest suspend mode';
  } else {
    try {
      const text = await (deps.readSysState ?? (() => readFile(SYS_POWER_STATE, 'latin1')))();
      sysOk = text.slice(0, 31).includes(m.sysWord);
    } catch {
      sysOk = false;
    }
  }
  if (sysOk && m.sysWord !== undefined) {
    supported = true;
    try {
      await (deps.writeSysState ?? ((w: string) => writeFile(SYS_POWER_STATE, w)))(m.sysWord);
    } catch {
      stageError = 'child process has failed to suspend';
    }
  }

  if (!supported) throw new Error('the requested suspend mode is not supported by the guest');
  if (stageError !== undefined) throw new Error(stageError);
}
