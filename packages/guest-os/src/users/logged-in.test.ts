import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeTree } from '../support/__fixtures__/tree.js';
import { rootedFs, type RootedFs } from '../support/rooted-fs.js';
import { listLoggedInUsers, parseUtmp } from './logged-in.js';

function record(type: number, user: string, sec: number, usec: number): Buffer {
  const b = Buffer.alloc(384);
  b.writeInt16LE(type, 0);
  b.write(user, 44, 'utf8');
  b.write('pts/0', 8, 'utf8');
  b.writeInt32LE(sec, 340);
  b.writeInt32LE(usec, 344);
  return b;
}
const USER_PROCESS = 7;
const LOGIN_PROCESS = 6;

const utmp = Buffer.concat([
  record(2, 'reboot', 1704160000, 0),
  record(USER_PROCESS, 'alice', 1704164645, 123456),
  record(LOGIN_PROCESS, 'LOGIN', 1704164000, 0),
  record(USER_PROCESS, 'root', 1704170000, 500000),
  record(USER_PROCESS, 'alice', 1704164000, 250000),
]);

describe('parseUtmp', () => {
  it('keeps USER_PROCESS records, one per user in first-seen order, earliest login', () => {
    expect(parseUtmp(utmp)).toEqual([
      { user: 'alice', loginTime: 1704164000.25 },
      { user: 'root', loginTime: 1704170000.5 },
    ]);
    expect(parseUtmp(Buffer.alloc(0))).toEqual([]);
  });
});

describe('listLoggedInUsers', () => {
  let fs: RootedFs;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const t = await makeTree({
      '/run/systemd/sessions/3': 'UID=1000\nUSER=bob\nCLASS=user\nREALTIME=1704164645123456\n',
      '/run/systemd/sessions/4': 'UID=1000\nUSER=bob\nCLASS=user\nREALTIME=1704160000000001\n',
      '/run/systemd/sessions/c1': 'UID=0\nUSER=gdm\nCLASS=greeter\nREALTIME=1704160000000000\n',
      '/run/systemd/sessions/5.ref': '',
    });
    fs = rootedFs(t.root);
    cleanup = t.cleanup;
  });
  afterAll(() => cleanup());

  it('reads utmp when it exists (even if empty) and logind sessions only when it does not', async () => {
    expect(await listLoggedInUsers({ fs, readFile: async () => utmp })).toHaveLength(2);
    expect(await listLoggedInUsers({ fs, readFile: async () => Buffer.alloc(0) })).toEqual([]);
    const enoent = async (): Promise<Buffer> => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(await listLoggedInUsers({ fs, readFile: enoent })).toEqual([{ user: 'bob', loginTime: 1704160000.000001 }]);
  });
});
