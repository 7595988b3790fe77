// qemu-ga.md §8 cases 63-67 on a scratch loop-mounted ext4, never on /.
// Both agents see the same mount point, so transcripts compare directly.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, it } from '@jest/globals';
import { conform, type ConformanceCase } from './conform.js';

let work = '';
let mnt = '';

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('the fsfreeze conformance cases need a loop mount: run as root');
  work = mkdtempSync(join(tmpdir(), 'qga-freeze-'));
  mnt = join(work, 'mnt');
  mkdirSync(mnt);
  const img = join(work, 'fs.img');
  execFileSync('truncate', ['-s', '32M', img]);
  execFileSync('mkfs.ext4', ['-q', '-F', img]);
  execFileSync('mount', ['-o', 'loop', img, mnt]);
  writeFileSync(join(mnt, 'data'), 'x');
});

/** Whatever a case did, leave the scratch fs thawed. */
function thawScratch(): void {
  if (!mnt) return;
  try {
    execFileSync('fsfreeze', ['-u', mnt], { stdio: 'ignore' });
  } catch {
    // EINVAL: it was not frozen.
  }
}

afterEach(thawScratch);

afterAll(() => {
  if (!work) return;
  thawScratch();
  try {
    execFileSync('umount', [mnt], { stdio: 'ignore' });
  } catch {
    execFileSync('umount', ['-l', mnt], { stdio: 'ignore' });
  }
  rmSync(work, { recursive: true, force: true });
});

const freezeList = (paths: string[]): string => JSON.stringify({ execute: 'guest-fsfreeze-freeze-list', arguments: { mountpoints: paths } });

const cases = (): ConformanceCase[] => [
  {
    name: '§8.63 freeze-list of a missing mount point',
    run: async (s) => {
      await s.req(freezeList(['/nonexistent-mp']));
      await s.req('{"execute":"guest-fsfreeze-status"}');
    },
  },
  {
    name: '§8.64 freeze-list of the scratch mount',
    run: async (s) => {
      s.alias(mnt, '<MNT>');
      try {
        await s.req(freezeList([mnt]));
        await s.req('{"execute":"guest-fsfreeze-status"}');
        await s.req('{"execute":"guest-info"}');
        await s.req('{"execute":"guest-get-time"}');
        await s.req('{"execute":"guest-file-open","arguments":{"path":"/etc/hostname"}}');
        await s.req(freezeList([mnt]));
      } finally {
        await s.req('{"execute":"guest-fsfreeze-thaw"}');
      }
    },
  },
  {
    name: '§8.65 thaw twice',
    run: async (s) => {
      await s.req(freezeList([mnt]));
      await s.req('{"execute":"guest-fsfreeze-thaw"}');
      await s.req('{"execute":"guest-fsfreeze-thaw"}');
      await s.req('{"execute":"guest-fsfreeze-status"}');
    },
  },
  {
    name: '§8.66 failing fsfreeze hook',
    agentArgs: ['--fsfreeze-hook={scratch}/hook'],
    setup: (scratch) => {
      writeFileSync(join(scratch, 'hook'), `#!/bin/sh\necho "$@" >> ${scratch}/hook.log\nexit 7\n`);
      chmodSync(join(scratch, 'hook'), 0o755);
    },
    run: async (s) => {
      await s.req(freezeList([mnt]));
      await s.req('{"execute":"guest-fsfreeze-status"}');
      const log = join(s.scratch, 'hook.log');
      s.note(`hook calls: ${existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').join(' | ') : '(none)'}`);
    },
  },
  {
    name: '§8.67 frozen state survives an agent restart',
    run: async (s) => {
      await s.req(freezeList([mnt]));
      await s.restart();
      await s.req('{"execute":"guest-fsfreeze-status"}');
      await s.req('{"execute":"guest-get-time"}');
      await s.req('{"execute":"guest-fsfreeze-thaw"}');
      await s.req('{"execute":"guest-fsfreeze-status"}');
    },
  },
];

describe('conformance: fsfreeze on a scratch ext4 (qemu-ga.md §8.63-67)', () => {
  for (const name of cases().map((c) => c.name)) {
    it(name, () => conform(cases().find((c) => c.name === name)!), 120_000);
  }
});
