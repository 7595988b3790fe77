/**
 * A Spawner built on posix_spawn(3) instead of Node's child_process.
 *
 * Node's spawn forks the whole agent (a copy of V8's page tables: about 4 ms
 * here, 7 ms at 50 MiB of heap) and waits on the main thread until the child
 * has exec'd; glibc's posix_spawn shares the parent's memory until the exec
 * (CLONE_VFORK), about 1 ms. guest-exec pays this on every call, so the
 * agent uses this one and keeps Node's as the fallback when koffi is absent.
 *
 * The child gets what libuv would give it: default signal dispositions, an
 * empty signal mask, /dev/null for 'ignore', pipes for 'pipe' (read and
 * written through net.Socket, as Node does), a new session for `detached`.
 * Exit is learnt from SIGCHLD: libuv only reaps the children it spawned
 * (waitpid on each of its own pids), so ours are reaped here, by pid.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { constants as osConstants } from 'node:os';
import { libc } from '@ga/native/libc';
import type { Spawner } from './exec-registry.js';

const ENOEXEC = 8;

/** Children spawned here and not yet reaped, by pid. */
const running = new Map<number, PosixChild>();
let listening = false;
/**
 * A safety net behind SIGCHLD (a signal may be missed, e.g. in a sandboxed
 * test runner): checks again after 10 ms, doubling up to 1 s, while
 * children run; a long-running child costs one wakeup a second.
 */
let poll: NodeJS.Timeout | undefined;
let pollMs = 10;

function schedulePoll(): void {
  if (poll) clearTimeout(poll);
  poll = setTimeout(() => {
    poll = undefined;
    pollMs = Math.min(pollMs * 2, 1000);
    reapAll();
  }, pollMs);
  poll.unref();
}

function reapAll(): void {
  for (const [pid, child] of running) {
    let status: number | undefined;
    try {
      status = libc().waitpidNoHang(pid);
    } catch {
      status = 0; // ECHILD: someone else reaped it; report a plain exit rather than wait forever
    }
    if (status === undefined) continue;
    running.delete(pid);
    child.exited(status);
  }
  if (running.size > 0) return schedulePoll();
  if (poll) clearTimeout(poll);
  poll = undefined;
  if (listening) {
    process.off('SIGCHLD', reapAll);
    listening = false;
  }
}

class PosixChild extends EventEmitter {
  stdin: Socket | null = null;
  stdout: Socket | null = null;
  stderr: Socket | null = null;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;

  constructor(readonly pid: number) {
    super();
  }

  kill(signal: NodeJS.Signals | number = 'SIGTERM'): boolean {
    if (this.exitCode !== null || this.signalCode !== null) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Decode a wait status the way Node reports it: (code, null) or (null, signal name). */
  exited(status: number): void {
    const sig = status & 0x7f;
    if (sig === 0) this.exitCode = (status >> 8) & 0xff;
    else this.signalCode = signalName(sig);
    this.emit('exit', this.exitCode, this.signalCode);
  }
}

function signalName(n: number): NodeJS.Signals {
  for (const [name, num] of Object.entries(osConstants.signals)) if (num === n) return name as NodeJS.Signals;
  return 'SIGKILL';
}

export const posixSpawner: Spawner = (file: string, args: readonly string[], options: SpawnOptions): ChildProcess => {
  const stdio = Array.isArray(options.stdio) ? options.stdio : ['ignore', 'ignore', 'ignore'];
  const env = Object.entries(options.env ?? process.env)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  const dup2: [number, number][] = [];
  const closeAfter: number[] = [];
  const parentEnds: (number | undefined)[] = [undefined, undefined, undefined];
  try {
    for (let i = 0; i < 3; i++) {
      const how: unknown = stdio[i];
      if (typeof how === 'number') dup2.push([how, i]);
      else if (how === 'pipe') {
        const [r, w] = libc().pipeCloexec();
        // stdin: the child reads, we write; stdout/stderr: the other way round.
        const [childEnd, ourEnd] = i === 0 ? [r, w] : [w, r];
        dup2.push([childEnd, i]);
        closeAfter.push(childEnd);
        parentEnds[i] = ourEnd;
      } else {
        const devNull = openSync('/dev/null', i === 0 ? 'r' : 'w');
        dup2.push([devNull, i]);
        closeAfter.push(devNull);
      }
    }
    const argv0 = options.argv0 ?? file;
    if (!listening) {
      process.on('SIGCHLD', reapAll);
      listening = true;
    }
    const spawnOpts = { dup2, setsid: options.detached === true };
    let pid: number;
    try {
      pid = libc().posixSpawn(file, [argv0, ...args], env, spawnOpts);
    } catch (e) {
      // An executable without a #! line: run it with /bin/sh, as execvp (libuv) and GLib's g_spawn do.
      if ((e as { errno?: number }).errno !== ENOEXEC) throw e;
      pid = libc().posixSpawn('/bin/sh', ['/bin/sh', file, ...args], env, spawnOpts);
    }
    const child = new PosixChild(pid);
    if (parentEnds[0] !== undefined) child.stdin = new Socket({ fd: parentEnds[0], readable: false, writable: true });
    if (parentEnds[1] !== undefined) child.stdout = new Socket({ fd: parentEnds[1], readable: true, writable: false });
    if (parentEnds[2] !== undefined) child.stderr = new Socket({ fd: parentEnds[2], readable: true, writable: false });
    running.set(pid, child);
    // A child that exited before it was registered sent its SIGCHLD already.
    pollMs = 10;
    schedulePoll();
    return child as unknown as ChildProcess;
  } catch (e) {
    for (const fd of parentEnds) if (fd !== undefined) closeSync(fd);
    if (running.size === 0 && listening) {
      process.off('SIGCHLD', reapAll);
      listening = false;
    }
    throw e;
  } finally {
    for (const fd of closeAfter) closeSync(fd);
  }
};
