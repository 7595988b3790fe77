import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { acquireVmLock } from './vm-lock.js';

describe('acquireVmLock', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ga-vm-lock-'));
    path = join(dir, 'vm.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes our pid and removes the file on release (idempotent)', async () => {
    const release = await acquireVmLock({ path });
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.pid));
    release();
    release();
    expect(existsSync(path)).toBe(false);
  });

  it('a second taker waits until the first releases', async () => {
    const release = await acquireVmLock({ path });
    let second = false;
    const next = acquireVmLock({ path }).then((r) => {
      second = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 1200));
    expect(second).toBe(false);
    release();
    const release2 = await next;
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.pid));
    release2();
  });

  it('takes over a lock whose owner is dead', async () => {
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    writeFileSync(path, `${dead}\n`);
    const release = await acquireVmLock({ path, timeoutMs: 5000 });
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.pid));
    release();
  });

  it('gives up after the timeout, naming the holder', async () => {
    writeFileSync(path, '1\n'); // pid 1 is always alive
    await expect(acquireVmLock({ path, timeoutMs: 600 })).rejects.toThrow(/held by pid 1 .*delete the file/);
  });
});
