/**
 * V8 and glibc settings for a long-lived agent. Applied at the top of
 * main(), before any real allocation and before the request path first runs.
 *
 * V8 doubles its young generation (up to 16 MiB a semi-space, both halves
 * resident) when allocation runs fast. The agent's garbage is short-lived
 * (request objects, base64 sub-strings of a streamed read), so the growth
 * bought no speed here and cost ~4.5 MiB of RSS during a 48 MiB read
 * (measured: 63.7 against 65.3-67.5 MiB peak; pipelined pings unchanged).
 * The growth factor is read when V8 decides to grow, so setting it at run
 * time works, where --max-semi-space-size would have to be on node's
 * command line.
 *
 * glibc keeps up to 16 MiB of freed heap and serves blocks below 32 MiB
 * from it. By default it hands memory back once 128 KiB are free and maps
 * every block over 128 KiB on its own, raising those limits only after such
 * blocks have been freed: until then each request's ~100 KiB blocks (Node's
 * base64 encoder, the reply Buffer) and each 3 MiB guest-file-write buffer
 * were faulted in anew, and faults are costly in a guest. Measured on 3 MiB
 * writes: 122-179 against 72-80 MB/s, ~12 MiB more RSS after a long run,
 * the same peak. A 48 MiB buffer still gets its own mapping, given back
 * when freed. mallopt goes through koffi, which this loads at start (~18 ms
 * of the ~250 ms start-up), unless GLIBC_TUNABLES already carries them.
 */
import { setFlagsFromString } from 'node:v8';
import { retainFreedMemory } from './malloc-retention.js';

/** The same glibc settings as environment tunables: what the launcher and the units set, so no koffi is loaded at start. */
export const MALLOC_TUNABLES = 'glibc.malloc.trim_threshold=16777216:glibc.malloc.mmap_threshold=33554432';

export function tuneRuntime(env: NodeJS.ProcessEnv = process.env): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  // glibc read GLIBC_TUNABLES at exec; only without them is mallopt needed (koffi: ~3 MiB and ~8 ms).
  if (!(env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.trim_threshold')) retainFreedMemory({ keepFreeBytes: 16 << 20, ownMappingFromBytes: 32 << 20 });
}
