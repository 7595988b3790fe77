import { describe, it, expect } from '@jest/globals';
import { closeSync, fstatSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KOFFI_LOADED_PROBE, runProbeJson } from '@ga/host-kit/probe-bundle';
import { errnoOf, errnoText, strerror } from './errno.js';
import { ErrnoError, libc } from './libc.js';

const srcDir = fileURLToPath(new URL('.', import.meta.url));

const runChild = (code: string): unknown => runProbeJson(code, srcDir);
const probe = KOFFI_LOADED_PROBE;

describe('libc binding', () => {
  it('importing the bindings does not load koffi; the first call does', () => {
    const out = runChild(`${probe}
      import './errno.ts';
      import './socket-calls.ts';
      import { libc } from './libc.ts';
      const atImport = koffiLoaded();
      libc();
      console.log(JSON.stringify({ atImport, afterCall: koffiLoaded() }));`);
    expect(out).toEqual({ atImport: false, afterCall: true });
  });

  it('strerror gives glibc text', () => {
    expect(strerror(2)).toBe('No such file or directory');
    expect(strerror(13)).toBe('Permission denied');
  });

  it('errnoOf reads ErrnoError, libuv errno, and code; errnoText falls back to the message', () => {
    expect(errnoOf(new ErrnoError(24, 'socket'))).toBe(24);
    expect(errnoOf(Object.assign(new Error('x'), { errno: -2, code: 'ENOENT' }))).toBe(2);
    expect(errnoOf(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(13);
    expect(errnoOf(new Error('plain'))).toBeUndefined();
    expect(errnoText(new ErrnoError(24, 'socket'))).toBe('Too many open files');
    expect(errnoText(new Error('plain'))).toBe('plain');
    expect(errnoText({ message: 'object' })).toBe('object');
    expect(errnoText('text')).toBe('text');
  });

  it('failed calls throw ErrnoError with the errno and call name', () => {
    let err: unknown;
    try {
      libc().lseek(-1, 0n, 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ErrnoError);
    expect(err).toMatchObject({ errno: 9, call: 'lseek', message: 'lseek failed with errno 9' });
  });

  it('pipeCloexec returns two open descriptors', () => {
    const [r, w] = libc().pipeCloexec();
    expect(fstatSync(r).isFIFO()).toBe(true);
    expect(fstatSync(w).isFIFO()).toBe(true);
    closeSync(r);
    closeSync(w);
  });

  it('gettimeofday agrees with Date.now to the second', () => {
    const t = libc().gettimeofday();
    expect(Math.abs(Number(t.sec) - Date.now() / 1000)).toBeLessThan(5);
    expect(t.usec).toBeGreaterThanOrEqual(0n);
    expect(t.usec).toBeLessThan(1_000_000n);
  });

  it('getifaddrs lists the loopback interface with 127.0.0.1', () => {
    const lo = libc()
      .getifaddrs()
      .filter((e) => e.name === 'lo' && e.family === 2);
    expect(lo.length).toBeGreaterThan(0);
    expect(Array.from(lo[0]!.addr!.subarray(4, 8))).toEqual([127, 0, 0, 1]);
  });

  it('sysconf(_SC_CLK_TCK) is USER_HZ', () => {
    expect(libc().sysconf(2)).toBe(100);
  });

  it('alloc gives native memory at a nonzero address', () => {
    const block = libc().alloc(16);
    try {
      expect(block.address).not.toBe(0n);
      expect(block.read().length).toBe(16);
    } finally {
      block.free();
    }
  });
});
