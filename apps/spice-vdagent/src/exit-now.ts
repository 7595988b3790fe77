/**
 * Exit without the C library's exit handlers. process.exit() never returns
 * while a libuv pool thread is blocked in read() on the virtio port (libuv's
 * exit-time destructor joins the pool; a char device read with an idle host
 * does not return), so the daemon would never exit on SIGTERM and its port
 * would stay open. Called after every resource was closed and the log flushed.
 * To move into @ga/native + @ga/process's shell (the same wedge applies to
 * every agent on a virtio port).
 */
import { createRequire } from 'node:module';

export function exitNow(code: number): never {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as { load: (n: string) => { func: (d: string) => (c: number) => void } };
    koffi.load('libc.so.6').func('void _exit(int status)')(code);
  } catch {
    // no koffi: the ordinary exit, which works whenever no read is blocked
  }
  process.exit(code);
}
