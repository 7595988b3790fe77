import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Default lock file: one per machine, shared by every package's VM tests. */
export const DEFAULT_VM_LOCK = join(tmpdir(), 'ga-vm.lock');

export interface VmLockOptions {
  path?: string;
  /** Give up after this long (default 30 min: a whole VM suite may hold it). */
  timeoutMs?: number;
  /** Called about every 10 s while waiting. */
  onWait?: (holderPid: number, waitedMs: number) => void;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Take the machine-wide "one VM at a time" lock: two TCG guests on 2 cores
 * slow each other down past the boot timeouts, and turbo runs packages'
 * test:vm tasks in parallel. The lock file is created with O_EXCL and holds
 * the owner's pid; a file whose pid is dead is stale and removed.
 * Resolves to the release function (idempotent).
 */
export async function acquireVmLock(opts: VmLockOptions = {}): Promise<() => void> {
  const path = opts.path ?? DEFAULT_VM_LOCK;
  const timeoutMs = opts.timeoutMs ?? 30 * 60_000;
  const start = Date.now();
  let lastReport = start;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readHolder(path) === process.pid) unlinkSync(path);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(path);
    if (holder === undefined || !pidAlive(holder)) {
      // Stale (owner died) or half-written: a file with no pid is only
      // removed if it stays empty, so a writer between open and write wins.
      if (holder === undefined) await sleep(200);
      if (readHolder(path) === holder) {
        try {
          unlinkSync(path);
        } catch {
          /* someone else removed it first */
        }
      }
      continue;
    }
    const waited = Date.now() - start;
    if (waited > timeoutMs) {
      throw new Error(`VM lock ${path} still held by pid ${holder} after ${Math.round(waited / 1000)} s; if that process is gone, delete the file`);
    }
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      opts.onWait?.(holder, waited);
    }
    await sleep(500);
  }
}
