/**
 * Freezes a REAL file system: a scratch ext4 image loop-mounted in a temp dir
 * (never /). Needs root, mkfs.ext4 and loop devices; fails loudly otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMounts, type Mount } from '../../src/storage/mounts.js';
import { freezeMounts, thawMounts } from '../../src/fsfreeze/freeze.js';
import { trimMounts } from '../../src/fsfreeze/fstrim.js';

let dir = '';
let mnt = '';
let mounted = false;

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('run as root: this test loop-mounts and freezes a scratch ext4 (sudo npm test)');
  if (!existsSync('/usr/sbin/mkfs.ext4') && !existsSync('/sbin/mkfs.ext4')) {
    throw new Error('mkfs.ext4 is missing: apt-get install -y e2fsprogs');
  }
  dir = await mkdtemp(join(tmpdir(), 'ga-freeze-'));
  mnt = join(dir, 'mnt');
  await mkdir(mnt);
  const img = join(dir, 'fs.img');
  execFileSync('truncate', ['-s', '32M', img]);
  execFileSync('mkfs.ext4', ['-q', '-F', img]);
  execFileSync('mount', ['-o', 'loop', img, mnt]);
  mounted = true;
});

afterAll(async () => {
  if (mounted) {
    try {
      execFileSync('fsfreeze', ['-u', mnt], { stdio: 'ignore' });
    } catch {
      // not frozen: the normal case
    }
    execFileSync('umount', [mnt]);
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

function procState(pid: number): string {
  try {
    const stat = execFileSync('cat', [`/proc/${pid}/stat`]).toString();
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return 'gone';
  }
}

describe('fsfreeze on a loop-mounted ext4', () => {
  it('freezes (a write blocks), counts nested freezes as skipped, then thaws', async () => {
    const mounts: Mount[] = (await listMounts()).filter((m) => m.dirname === mnt);
    expect(mounts).toHaveLength(1);

    expect(await freezeMounts(mounts)).toBe(1);
    expect(await freezeMounts(mounts)).toBe(0); // EBUSY: already frozen

    const writer = spawn('sh', ['-c', `echo data > ${join(mnt, 'file')}`], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => writer.once('exit', (code) => resolve(code)));
    // The writer must end up sleeping uninterruptibly in sb_start_write (state D), not finish.
    let state = procState(writer.pid!);
    for (let i = 0; i < 1000 && state !== 'D'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      state = procState(writer.pid!);
    }
    expect(state).toBe('D');
    expect(writer.exitCode).toBeNull();

    expect(await thawMounts(mounts)).toBe(1);
    expect(await exited).toBe(0);
    expect(await readFile(join(mnt, 'file'), 'utf8')).toBe('data\n');
    expect(await thawMounts(mounts)).toBe(0);
  });

  it('trims it', async () => {
    const mounts = (await listMounts()).filter((m) => m.dirname === mnt);
    const [res] = await trimMounts(mounts, 0);
    expect(res?.path).toBe(mnt);
    if (res?.error === undefined) {
      expect(res?.trimmed).toBeGreaterThanOrEqual(0);
      expect(res?.minimum).toBeGreaterThanOrEqual(0);
    } else {
      expect(res.error).toBe('trim not supported');
    }
  });
});
