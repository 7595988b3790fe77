/**
 * The one koffi handle on libc.so.6 that every binding in this package
 * declares its functions on. koffi is loaded on first use only, so importing
 * a module that may need a syscall never maps the native module.
 */
import { createRequire } from 'node:module';

export type Koffi = typeof import('koffi');
export type KoffiLib = ReturnType<Koffi['load']>;

let cached: { koffi: Koffi; lib: KoffiLib } | undefined;

export function loadLibc(): { koffi: Koffi; lib: KoffiLib } {
  if (cached) return cached;
  const koffi = createRequire(import.meta.url)('koffi') as Koffi;
  cached = { koffi, lib: koffi.load('libc.so.6') };
  return cached;
}

/** Whether some binding has loaded koffi already (so a call costs no new native mapping). */
export function libcLoaded(): boolean {
  return cached !== undefined;
}
