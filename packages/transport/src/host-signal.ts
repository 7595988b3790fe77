/**
 * Wake-ups for a virtio-serial reader whose host is away, from the kernel
 * instead of a timer.
 *
 * virtio_console.c sends SIGIO to the owner of a port opened with O_ASYNC
 * when the host side opens or closes the chardev (VIRTIO_CONSOLE_PORT_OPEN)
 * and when data arrives. So a reader that got read() == 0 can sleep until
 * SIGIO instead of polling a few times a second: an absent host then costs
 * no wake-ups at all. O_ASYNC does not make the fd non-blocking: the
 * blocking read on the threadpool stays as it is while the host is there.
 *
 * The signal is SIGURG, not SIGIO (F_SETSIG picks it): SIGIO's default
 * action kills the process, so a handler that is missing for any reason
 * (measured: jest's sandboxed `process` never installs one) would kill the
 * agent at the host's first move; SIGURG's default is to be ignored, which
 * only costs the capped sleep. Node uses SIGURG for nothing.
 * Wake-ups are counted rather than flagged: a reader notes the count before
 * read() and sleeps only while it is unchanged, so a signal that lands
 * between read() returning 0 and the sleep is not lost.
 */
import { socketCalls as libc } from '@ga/native/socket-calls';

const F_GETFL = 3;
const F_SETFL = 4;
const F_SETOWN = 8;
const F_SETSIG = 10;
const O_ASYNC = 0o20000;
const SIGURG = 23;

let count = 0;
let installed = false;
const sleepers = new Set<() => void>();

function onSignal(): void {
  count++;
  for (const wake of sleepers) wake();
}

/** Host signals seen so far. */
export function hostSignalCount(): number {
  return count;
}

/**
 * Ask the kernel to signal this process (SIGURG) for `fd`. Returns false (and
 * changes nothing) where that is not possible: no koffi, or an fd that is not
 * a real device (tests).
 */
export function armHostSignal(fd: number): boolean {
  let c: ReturnType<typeof libc>;
  try {
    c = libc();
  } catch {
    return false;
  }
  const flags = c.fcntl(fd, F_GETFL, 0);
  if (flags < 0) return false;
  if (!installed) {
    process.on('SIGURG', onSignal);
    installed = true;
  }
  if (c.fcntl(fd, F_SETSIG, SIGURG) < 0 || c.fcntl(fd, F_SETOWN, process.pid) < 0) return false;
  return c.fcntl(fd, F_SETFL, flags | O_ASYNC) >= 0;
}

/**
 * Resolves at the first host signal after the count was `seen` (at once if one
 * came already), or after `ms`, or when `cancel` is called.
 */
export function sleepUntilHostSignal(seen: number, ms: number): { done: Promise<void>; cancel: () => void } {
  let cancel: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    if (count !== seen) return resolve();
    const finish = (): void => {
      clearTimeout(timer);
      sleepers.delete(finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    sleepers.add(finish);
    cancel = finish;
  });
  return { done, cancel };
}
