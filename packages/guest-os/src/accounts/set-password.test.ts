import { describe, expect, it } from '@jest/globals';
import { exit, fakeRunner, killed } from '../exec/fake-runner.js';
import { setUserPassword } from './set-password.js';

const found = async () => '/usr/sbin/chpasswd';

describe('setUserPassword (recording fake, never runs chpasswd)', () => {
  it('pipes user:password into chpasswd, with -e when crypted', async () => {
    const run = fakeRunner();
    await setUserPassword('alice', Buffer.from('s3cret'), false, { run, findChpasswd: found });
    await setUserPassword('bob', Buffer.from('$6$salt$hash'), true, { run, findChpasswd: found });
    expect(run.calls).toEqual([
      { file: '/usr/sbin/chpasswd', args: [], argv0: 'chpasswd', stdin: 'alice:s3cret\n' },
      { file: '/usr/sbin/chpasswd', args: ['-e'], argv0: 'chpasswd', stdin: 'bob:$6$salt$hash\n' },
    ]);
  });

  it('cuts the password at a NUL byte like a C string', async () => {
    const run = fakeRunner();
    await setUserPassword('u', Buffer.from('ab\0\ncd'), false, { run, findChpasswd: found });
    expect(run.calls[0]?.stdin).toBe('u:ab\n');
  });

  it('refuses injected lines with qemu-ga texts', async () => {
    const run = fakeRunner();
    await expect(setUserPassword('u', Buffer.from('a\nb'), false, { run, findChpasswd: found })).rejects.toThrow(
      'forbidden characters in raw password',
    );
    await expect(setUserPassword('u:0', Buffer.from('x'), false, { run, findChpasswd: found })).rejects.toThrow(
      'forbidden characters in username',
    );
    await expect(setUserPassword('u\nroot', Buffer.from('x'), true, { run, findChpasswd: found })).rejects.toThrow(
      'forbidden characters in username',
    );
    expect(run.calls).toEqual([]);
  });

  it('reports a missing chpasswd and its failures', async () => {
    await expect(
      setUserPassword('u', Buffer.from('x'), false, { run: fakeRunner(), findChpasswd: async () => undefined }),
    ).rejects.toThrow("cannot find 'passwd' program in PATH");
    await expect(
      setUserPassword('nosuch', Buffer.from('x'), false, { run: fakeRunner(() => exit(1)), findChpasswd: found }),
    ).rejects.toThrow('child process has failed to set user password');
    await expect(
      setUserPassword('u', Buffer.from('x'), false, { run: fakeRunner(() => killed(9)), findChpasswd: found }),
    ).rejects.toThrow('child process has terminated abnormally');
  });
});
