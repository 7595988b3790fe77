/**
 * Readiness of a listening UNIX socket without connecting to it.
 *
 * The socket file appears at bind(), a moment before listen(): a test that
 * connects as soon as the file exists can get ECONNREFUSED on a loaded machine.
 * Connecting to probe would be worse, since our agents (like qemu-ga) serve one
 * client at a time and a probe is a client. Linux lists every UNIX socket in
 * /proc/net/unix with its flags; __SO_ACCEPTCON (0x10000) is set once
 * listen() has run.
 */
import { readFile } from 'node:fs/promises';

const SO_ACCEPTCON = 0x10000;

/** True when some socket bound to `path` is listening (read from `procNetUnix`'s text). */
export function listeningIn(procNetUnix: string, path: string): boolean {
  for (const line of procNetUnix.split('\n')) {
    // Num RefCount Protocol Flags Type St Inode Path: the path is the 8th field and may hold no spaces here.
    const f = line.trim().split(/\s+/);
    if (f.length >= 8 && f.slice(7).join(' ') === path && (parseInt(f[3]!, 16) & SO_ACCEPTCON) !== 0) return true;
  }
  return false;
}

/**
 * The list is per network namespace: for a process started in another one
 * (`ip netns exec`), pass its pid to read the list its namespace sees.
 */
export async function isListening(path: string, pid?: number): Promise<boolean> {
  const list = pid === undefined ? '/proc/net/unix' : `/proc/${pid}/net/unix`;
  return listeningIn(await readFile(list, 'latin1').catch(() => ''), path);
}

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Checked between polls: a reason string stops the wait at once (e.g. the process exited). */
  gone?: () => string | undefined;
  /** Read the socket list of this process's network namespace (see isListening). */
  pid?: number;
}

/** Resolves once `path` is a listening socket; rejects with a message saying what to look at. */
export async function waitUntilListening(path: string, opts: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    if (await isListening(path, opts.pid)) return;
    const why = opts.gone?.();
    if (why !== undefined) throw new Error(`${path} never listened: ${why}`);
    if (Date.now() > deadline) throw new Error(`${path} is not listening after ${opts.timeoutMs ?? 10_000} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
