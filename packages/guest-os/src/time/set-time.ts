import { constants, promises as fsp } from 'node:fs';
import { errnoText } from '@ga/native/errno';
import { libc } from '@ga/native/libc';
import { runCommand, type CommandRunner } from '../exec/run-command.js';

/** The RTC tool qemu-ga requires (an absolute path, no PATH lookup). */
export const HWCLOCK_PATH = '/sbin/hwclock';

/** QERR_UNSUPPORTED, qemu-ga's answer when hwclock is missing. */
export const UNSUPPORTED_TEXT = 'this feature or command is not currently supported';

export interface SetTimeDeps {
  run?: CommandRunner;
  accessExec?: (path: string) => Promise<void>;
  settimeofday?: (sec: bigint, usec: bigint) => void;
}

const NS_PER_SEC = 1_000_000_000n;

/**
 * guest-set-time. With a time (ns since the epoch): range check (local-time
 * year 1970..2069, else `Invalid time`), settimeofday(2)
 * (`Failed to set time to guest: <errno>`), then `hwclock -w` to copy it to the
 * RTC. Without: `hwclock -s`, RTC → system clock. hwclock must exist first,
 * like qemu-ga; its failure is `hwclock failed to set hardware clock to system time`.
 */
export async function setGuestTime(timeNs: bigint | undefined, deps: SetTimeDeps = {}): Promise<void> {
  const accessExec = deps.accessExec ?? ((p: string) => fsp.access(p, constants.X_OK));
  try {
    await accessExec(HWCLOCK_PATH);
  } catch {
    throw new Error(UNSUPPORTED_TEXT);
  }
  if (timeNs !== undefined) {
    // C division and remainder truncate toward zero, as BigInt's do: a negative
    // sub-second part gives a negative tv_usec, which the kernel rejects (EINVAL).
    const sec = timeNs / NS_PER_SEC;
    const usec = (timeNs % NS_PER_SEC) / 1000n;
    const year = new Date(Number(sec) * 1000).getFullYear();
    if (!(year >= 1970 && year < 2070)) throw new Error('Invalid time');
    try {
      (deps.settimeofday ?? ((s, u) => libc().settimeofday(s, u)))(sec, usec);
    } catch (err) {
      throw new Error(`Failed to set time to guest: ${errnoText(err)}`);
    }
  }
  let result;
  try {
    result = await (deps.run ?? runCommand)(HWCLOCK_PATH, [timeNs !== undefined ? '-w' : '-s'], { argv0: 'hwclock' });
  } catch {
    result = { exitCode: 1, signal: null };
  }
  if (result.exitCode === null) throw new Error('child process has terminated abnormally');
  if (result.exitCode !== 0) throw new Error('hwclock failed to set hardware clock to system time');
}
