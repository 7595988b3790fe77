/**
 * Exit without waiting for libuv. process.exit() never returns while a
 * threadpool thread is blocked in read() on a virtio port with an idle host
 * (libuv's exit-time teardown joins the pool, and a char device read does
 * not return), so an agent would never exit on SIGTERM and its port would
 * stay open. Called after everything was closed and the log flushed: stdio
 * is written synchronously here, so nothing is lost by skipping exit handlers.
 */
import { libc } from '@ga/native/libc';

export function exitNow(code: number): never {
  process.emit('exit', code); // 'exit' listeners (the batched log's last flush) still run
  try {
    libc().exitImmediately(code);
  } catch {
    // no koffi or not glibc: the ordinary exit, which works whenever no read is blocked
  }
  process.exit(code);
}
