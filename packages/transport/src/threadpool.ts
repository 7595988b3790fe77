/**
 * virtio-serial and vsock read and write with blocking syscalls on libuv's
 * threadpool (see virtio-serial.ts). A read pending on an idle host plus a
 * write blocked on an absent host hold 2 of the default 4 threads, which
 * fs, dns.lookup, crypto and koffi `.async` calls (FIFREEZE/FITHAW) share.
 * libuv sizes the pool once, from UV_THREADPOOL_SIZE, at its first use.
 */

/** What the agents ask for: 2 held by the channel + room for a freeze, file I/O and the logger. */
export const AGENT_THREADPOOL_SIZE = 8;

/**
 * Raise UV_THREADPOOL_SIZE to at least `min` (libuv caps it at 1024).
 * Call it first thing in main(), before any fs/dns/crypto/koffi-async work:
 * libuv reads the variable once, when the pool first starts; later calls
 * change nothing. Returns the value now in the environment.
 */
export function ensureThreadpool(min: number = AGENT_THREADPOOL_SIZE, env: NodeJS.ProcessEnv = process.env): number {
  const current = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
  const size = Math.min(1024, Math.max(Number.isFinite(current) && current > 0 ? current : 4, min));
  env.UV_THREADPOOL_SIZE = String(size);
  return size;
}
