import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleProbe, probeEnv } from '@ga/host-kit/probe-bundle';
import { realPidfileOps, writeLockedPidfile } from './pidfile.js';
import type { PidfileOps } from './pidfile.js';

const dir = mkdtempSync(join(tmpdir(), 'ga-pidfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Another process holding the lock (lockf locks belong to a process: this one cannot conflict with itself). */
async function holder(path: string): Promise<{ stop: () => Promise<void> }> {
  const file = bundleProbe(
    `import { writeLockedPidfile } from './pidfile.ts'; const release = writeLockedPidfile(${JSON.stringify(path)}); console.log('locked'); process.stdin.on('end', () => { release(); process.exit(0); }); process.stdin.resume();`,
    fileURLToPath(new URL('.', import.meta.url)),
    dir,
    'holder',
  );
  const child = spawn(process.execPath, [file], { env: probeEnv(), stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

describe('writeLockedPidfile', () => {
  it('writes "<pid>\\n" with mode 0600, refuses while another process holds the lock, and unlinks on release', async () => {
    const path = join(dir, 'a.pid');
    const other = await holder(path);
    expect(() => writeLockedPidfile(path, 4242)).toThrow(/^Cannot lock pid file: (Resource temporarily unavailable|Permission denied)$/);
    await other.stop();
    expect(existsSync(path)).toBe(false);

    writeFileSync(path, 'stale text that is longer than a pid\n'); // a crash leaves the file, never the lock
    const release = writeLockedPidfile(path, 4242);
    expect(readFileSync(path, 'utf8')).toBe('4242\n');
    release();
    expect(existsSync(path)).toBe(false);
  });

  it('creates the file with mode 0600 and names a missing directory in the error', () => {
    const path = join(dir, 'b.pid');
    const release = writeLockedPidfile(path, 7);
    expect(statSync(path).mode & 0o777).toBe(0o600 & ~process.umask());
    release();
    expect(() => writeLockedPidfile(join(dir, 'missing', 'c.pid'))).toThrow('Cannot open pid file: No such file or directory');
  });

  it('retries when the locked file was replaced before it was checked', () => {
    let calls = 0;
    const ops: PidfileOps = {
      ...realPidfileOps,
      inodes: (fd, p) => {
        const r = realPidfileOps.inodes(fd, p);
        return calls++ === 0 ? { open: r.open, atPath: undefined } : r;
      },
    };
    const path = join(dir, 'd.pid');
    const release = writeLockedPidfile(path, 9, ops);
    expect(calls).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe('9\n');
    release();
  });
});
