/** Test helpers for socket clients. */
import { afterAll } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
// Jest evaluates this module once per test file: remove that file's dirs after it.
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh directory under the system temp dir, removed after the test file. */
export function tempDir(prefix = 'ga-transport-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function connectClient(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** Collects everything a socket receives; `until(n)` resolves once n bytes arrived. */
export function collector(s: Socket): { bytes: () => Buffer; until: (n: number) => Promise<Buffer>; ended: Promise<void> } {
  const chunks: Buffer[] = [];
  const waiters: Array<() => void> = [];
  s.on('data', (c: Buffer) => {
    chunks.push(c);
    for (const w of waiters.splice(0)) w();
  });
  const ended = new Promise<void>((resolve) => s.once('close', () => resolve()));
  s.on('error', () => {});
  const bytes = () => Buffer.concat(chunks);
  return {
    bytes,
    ended,
    async until(n: number) {
      while (bytes().length < n) await new Promise<void>((r) => waiters.push(r));
      return bytes();
    },
  };
}

/** Resolves with the next `event` emission's arguments. */
export function once<T extends unknown[] = unknown[]>(emitter: object, event: string): Promise<T> {
  const e = emitter as { once: (event: string, listener: (...args: T) => void) => unknown };
  return new Promise((resolve) => e.once(event, (...args: T) => resolve(args)));
}
