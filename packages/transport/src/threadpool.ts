/**
 * virtio-serial and vsock read and write with blocking syscalls on libuv's
 * threadpool (see virtio-serial.ts). A read pending on an idle host plus a
 * write blocked on an absent host hold 2 of the default 4 threads, which
 * fs, dns.lookup, crypto and koffi `.async` calls (FIFREEZE/FITHAW) share.
 *
 * libuv sizes the pool once, from UV_THREADPOOL_SIZE, when it first starts,
 * and Node's ESM loader starts it while loading the entry module (measured:
 * setting the variable on main()'s first line changes nothing). So the size
 * must come from the environment the process starts with: the systemd unit
 * (`Environment=UV_THREADPOOL_SIZE=8`), the launcher's shebang
 * (`#!/usr/bin/env -S UV_THREADPOOL_SIZE=8 node`), or a CommonJS launcher
 * that sets the variable and then `import()`s the ESM bundle (measured: the
 * CJS loader reads synchronously, so the pool is not started yet).
 */

/** What the agents want: 2 held by the channel + room for a freeze/thaw, file I/O and the logger. */
export const AGENT_THREADPOOL_SIZE = 8;

/** The pool size libuv uses for `env` (4 when unset or invalid; capped at 1024). */
export function threadpoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1024) : 4;
}

/**
 * Check that this process started with at least `min` pool threads. Returns
 * undefined when it did, else a warning for the log saying how to fix it.
 * Also raises the variable in `env` so that child processes (hooks, exec)
 * and a re-exec get the larger pool; that cannot resize this process's pool.
 */
export function ensureThreadpool(min: number = AGENT_THREADPOOL_SIZE, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const size = threadpoolSize(env);
  if (size >= min) return undefined;
  env.UV_THREADPOOL_SIZE = String(min);
  return (
    `UV_THREADPOOL_SIZE is ${size}, below ${min}: a blocked channel write can starve file and freeze operations; ` +
    `start the agent with UV_THREADPOOL_SIZE=${min} (systemd: Environment=UV_THREADPOOL_SIZE=${min})`
  );
}
