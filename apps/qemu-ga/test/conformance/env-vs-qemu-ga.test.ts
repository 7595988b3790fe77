import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentContext } from '../../src/context.js';
import { asWire, RealQemuGa } from '../../src/commands/__fixtures__/real-qemu-ga.js';
import { systemInfoHandlers } from '../../src/commands/system-info.js';

/*
 * Facts that depend on the environment — $TZ, $QGA_OS_RELEASE and the utmp
 * file — set up the same way for the real qemu-ga 7.2 and for our handlers.
 */
const ctx = {} as AgentContext;
const UTMP = '/var/run/utmp';
let dir: string;
let wroteUtmp = false;

function utmpRecord(type: number, user: string, sec: number, usec: number): Buffer {
  const b = Buffer.alloc(384);
  b.writeInt16LE(type, 0);
  b.writeInt32LE(4242, 4);
  b.write('pts/9', 8, 'utf8');
  b.write(user, 44, 'utf8');
  b.writeInt32LE(sec, 340);
  b.writeInt32LE(usec, 344);
  return b;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ga-f-env-'));
});
afterAll(async () => {
  if (wroteUtmp) await unlink(UTMP);
  await rm(dir, { recursive: true, force: true });
});

async function withEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('environment-dependent facts agree with qemu-ga 7.2', () => {
  it('guest-get-timezone and guest-get-osinfo under $TZ and $QGA_OS_RELEASE', async () => {
    const osRelease = path.join(dir, 'os-release');
    await writeFile(
      osRelease,
      [
        '# quirks: unquoted value with a space, single quotes, escapes, missing closing quote',
        'NAME=Fancy Linux',
        "ID='fancy'",
        'PRETTY_NAME="Fancy \\"GNU\\" \\$Linux\\\\ 1.0"',
        'VERSION="1.0 (Tiger)',
        '  VERSION_ID = 1.0;beta ',
        'VARIANT="Server Edition"',
        'VARIANT_ID=server',
        '',
      ].join('\n'),
    );
    for (const TZ of ['Europe/Paris', 'America/Sao_Paulo', 'Asia/Kolkata', 'CET-1CEST,M3.5.0,M10.5.0/3', ':Etc/UTC', 'Bogus/Zone']) {
      const vars = { TZ, QGA_OS_RELEASE: osRelease };
      const ref = await RealQemuGa.start(undefined, { ...process.env, ...vars });
      try {
        for (const name of ['guest-get-timezone', 'guest-get-osinfo'] as const) {
          const theirs = await ref.ask({ execute: name });
          const ours = await withEnv(vars, async () => ({ return: asWire(await systemInfoHandlers[name]({}, ctx)) }));
          expect({ TZ, name, ...ours }).toEqual({ TZ, name, ...theirs });
          if (name === 'guest-get-osinfo') {
            expect(ours.return).toMatchObject({ name: 'Fancy', id: "'fancy'", 'variant-id': 'server', 'version-id': '1.0' });
          }
        }
      } finally {
        await ref.stop();
      }
    }
  });

  it('guest-get-users from a utmp file: one entry per user, earliest login', async () => {
    if (existsSync(UTMP)) throw new Error(`${UTMP} exists on this machine; this test only runs where it is absent`);
    await writeFile(
      UTMP,
      Buffer.concat([
        utmpRecord(2, 'reboot', 1704160000, 0),
        utmpRecord(7, 'alice', 1704164645, 123456),
        utmpRecord(6, 'LOGIN', 1704164000, 0),
        utmpRecord(7, 'root', 1704170000, 500000),
        utmpRecord(7, 'alice', 1704164000, 250001),
      ]),
    );
    wroteUtmp = true;
    const ref = await RealQemuGa.start();
    try {
      const theirs = await ref.ask({ execute: 'guest-get-users' });
      const ours = { return: asWire(await systemInfoHandlers['guest-get-users']({}, ctx)) };
      expect(ours).toEqual(theirs);
      expect((ours.return as unknown[]).length).toBe(2);
    } finally {
      await ref.stop();
      await unlink(UTMP);
      wroteUtmp = false;
    }
  });
});
