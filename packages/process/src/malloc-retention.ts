import { libc } from '@ga/native/libc';

/** <malloc.h> parameters. */
const M_TRIM_THRESHOLD = -1;
const M_MMAP_THRESHOLD = -3;

export interface MallocRetention {
  /** Free memory glibc may keep at the top of the heap instead of handing it back. */
  keepFreeBytes: number;
  /** Blocks at least this big get their own mmap (given back the moment they are freed). */
  ownMappingFromBytes: number;
}

/**
 * Lets glibc keep freed heap pages for the next allocation. By default it
 * returns the heap top once 128 KiB are free and maps each block over 128 KiB
 * on its own, so a process that allocates and frees ~100 KiB to a few MiB
 * per request (Node's base64 encoder, Buffers) faults the same pages in again
 * every time; in a guest each fault is costly. Setting either value also
 * stops glibc's dynamic thresholds, which is why both are given. False where
 * it cannot be done (no koffi, not glibc): the process then runs with glibc's
 * defaults.
 */
export function retainFreedMemory(r: MallocRetention): boolean {
  try {
    const c = libc();
    return c.mallopt(M_TRIM_THRESHOLD, r.keepFreeBytes) && c.mallopt(M_MMAP_THRESHOLD, r.ownMappingFromBytes);
  } catch {
    return false;
  }
}
