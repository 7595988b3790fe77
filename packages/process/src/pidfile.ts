/**
 * A locked pidfile as QEMU writes it (qemu_write_pidfile): open with
 * O_CREAT|O_WRONLY and mode 0600, lockf(F_TLOCK), check that the locked inode
 * is still the one at the path (another process may have replaced it in
 * between), then truncate and write "<pid>\n". The lock lives as long as the
 * fd stays open, so a second agent fails even when the first one's pid was
 * recycled; it dies with the process, so a crash leaves no stale lock.
 */
import { closeSync, constants, fstatSync, ftruncateSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { errnoText } from '@ga/native/errno';
import { libc } from '@ga/native/libc';

/** lockf(3) command: try to lock, fail at once when held. */
const F_TLOCK = 2;

export interface PidfileOps {
  open(path: string): number;
  lock(fd: number): void;
  /** Inode of the open file and of what the path names now (undefined when the path is gone). */
  inodes(fd: number, path: string): { open: bigint; atPath: bigint | undefined };
  write(fd: number, text: string): void;
  close(fd: number): void;
  unlink(path: string): void;
}

export const realPidfileOps: PidfileOps = {
  open: (path) => openSync(path, constants.O_CREAT | constants.O_WRONLY, 0o600 /* libuv adds O_CLOEXEC */),
  lock: (fd) => libc().lockf(fd, F_TLOCK, 0n),
  inodes(fd, path) {
    const open = fstatSync(fd, { bigint: true }).ino;
    try {
      return { open, atPath: statSync(path, { bigint: true }).ino };
    } catch {
      return { open, atPath: undefined };
    }
  },
  write(fd, text) {
    ftruncateSync(fd, 0);
    const buf = Buffer.from(text);
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off, off);
  },
  close: (fd) => closeSync(fd),
  unlink: (path) => unlinkSync(path),
};

/**
 * Write and lock the pidfile. Throws with QEMU's words ("Cannot open pid
 * file: …", "Cannot lock pid file: …"). The returned function unlinks the
 * file and drops the lock (clean exit).
 */
export function writeLockedPidfile(path: string, pid: number = process.pid, ops: PidfileOps = realPidfileOps): () => void {
  for (;;) {
    let fd: number;
    try {
      fd = ops.open(path);
    } catch (e) {
      throw new Error(`Cannot open pid file: ${errnoText(e)}`);
    }
    try {
      ops.lock(fd);
    } catch (e) {
      ops.close(fd);
      throw new Error(`Cannot lock pid file: ${errnoText(e)}`);
    }
    const { open, atPath } = ops.inodes(fd, path);
    if (atPath !== open) {
      // Locked a file that was unlinked or replaced meanwhile: try again on what is there now.
      ops.close(fd);
      continue;
    }
    try {
      ops.write(fd, `${pid}\n`);
    } catch (e) {
      ops.close(fd);
      throw new Error(`Failed to write pid file: ${errnoText(e)}`);
    }
    return () => {
      try {
        ops.unlink(path);
      } catch {
        // already gone
      }
      ops.close(fd);
    };
  }
}
