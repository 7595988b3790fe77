/**
 * Memory back after a burst. A burst of thousands of requests leaves V8's
 * heap grown (the parsed requests lived long enough to reach old space) and
 * glibc holding the freed pages; V8 collects only ~10 s later and glibc
 * keeps what it was told to keep (runtime-tuning.ts). A guest agent is idle
 * nearly always, so once a burst has ended and a second passed with no new
 * one, a full collection and malloc_trim(0) hand the memory back at once.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bursts smaller than this are left to V8's own pace. */
export const BURST_REQUESTS = 1000;
export const SETTLE_DELAY_MS = 1000;

let gc: (() => void) | undefined;
function fullGc(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Call with each drained queue's count. A second after the last drain, if
 * at least BURST_REQUESTS were answered since the last settling, collect and
 * `trim` (hand freed heap pages back: malloc_trim where koffi is loaded).
 */
export function memorySettler(trim: () => void = () => undefined, delayMs = SETTLE_DELAY_MS): (count: number) => void {
  let timer: NodeJS.Timeout | undefined;
  let answered = 0;
  return (count) => {
    answered += count;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (answered >= BURST_REQUESTS) {
        fullGc();
        trim();
      }
      answered = 0;
    }, delayMs);
    timer.unref();
  };
}
