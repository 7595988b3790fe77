/**
 * The `-d` pidfile. qemu-ga takes a lockf() lock on it; Node has no fcntl
 * locks, so a second instance is detected by the live pid recorded in the
 * file instead (same error text as qemu-ga's failed lock). The file is
 * removed on clean exit.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

export interface PidfileDeps {
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  unlink(path: string): void;
  /** True when a process with this pid exists. */
  alive(pid: number): boolean;
  pid: number;
}

const realDeps: PidfileDeps = {
  readFile: (p) => readFileSync(p, 'utf8'),
  writeFile: (p, t) => writeFileSync(p, t, { mode: 0o644 }),
  unlink: (p) => unlinkSync(p),
  alive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  pid: process.pid,
};

/** Claim the pidfile; throws when another live agent holds it. Returns the release function. */
export function claimPidfile(path: string, deps: PidfileDeps = realDeps): () => void {
  let existing: number | undefined;
  try {
    existing = Number.parseInt(deps.readFile(path).trim(), 10);
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && Number.isInteger(existing) && existing > 0 && existing !== deps.pid && deps.alive(existing)) {
    throw new Error(`Cannot lock pid file: Resource temporarily unavailable (${path} names running process ${existing}; stop it or use another -f)`);
  }
  deps.writeFile(path, `${deps.pid}\n`);
  return () => {
    try {
      deps.unlink(path);
    } catch {
      // already gone
    }
  };
}
