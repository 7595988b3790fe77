import { describe, expect, it } from '@jest/globals';
import { fakeRunner } from '@ga/guest-os/testing/fake-runner';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccountHandlers } from './accounts.js';
import { fakeContext } from '../__fixtures__/fake-context.js';

describe('account handlers (recording fakes, no real password is changed)', () => {
  it('45/46: base64 and raw-password errors happen before chpasswd runs', async () => {
    const run = fakeRunner();
    const h = createAccountHandlers({ password: { run, findChpasswd: async () => '/usr/sbin/chpasswd' } });
    const ctx = fakeContext({ stateDir: '/s' });
    await expect(h['guest-set-user-password']({ username: 'u', password: '!!notb64', crypted: false }, ctx)).rejects.toThrow(
      'Base64 data contains invalid characters',
    );
    await expect(h['guest-set-user-password']({ username: 'u', password: 'YQpi', crypted: false }, ctx)).rejects.toThrow(
      'forbidden characters in raw password',
    );
    expect(run.calls).toEqual([]);
    await h['guest-set-user-password']({ username: 'u', password: 'cGFzcw==', crypted: true }, ctx);
    expect(run.calls).toEqual([{ file: '/usr/sbin/chpasswd', args: ['-e'], argv0: 'chpasswd', stdin: 'u:pass\n' }]);
    expect(ctx.lines.join('\n')).not.toContain('pass');
  });

  it('manages authorized keys through a passwd file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qga-acct-'));
    const home = join(dir, 'alice');
    await mkdir(home);
    const passwdPath = join(dir, 'passwd');
    await writeFile(passwdPath, `alice:x:${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}::${home}:/bin/sh\n`);
    const h = createAccountHandlers({ ssh: { passwdPath } });
    const ctx = fakeContext({ stateDir: '/s' });
    await expect(h['guest-ssh-get-authorized-keys']({ username: 'x' }, ctx)).rejects.toThrow("failed to lookup user 'x': Success");
    await h['guest-ssh-add-authorized-keys']({ username: 'alice', keys: ['ssh-ed25519 AAA a'] }, ctx);
    await h['guest-ssh-add-authorized-keys']({ username: 'alice', keys: ['ssh-ed25519 BBB b'] }, ctx);
    expect(await h['guest-ssh-get-authorized-keys']({ username: 'alice' }, ctx)).toEqual({
      keys: ['ssh-ed25519 BBB b', 'ssh-ed25519 AAA a'],
    });
    await h['guest-ssh-remove-authorized-keys']({ username: 'alice', keys: ['ssh-ed25519 AAA a'] }, ctx);
    expect(await h['guest-ssh-get-authorized-keys']({ username: 'alice' }, ctx)).toEqual({ keys: ['ssh-ed25519 BBB b'] });
    await h['guest-ssh-add-authorized-keys']({ username: 'alice', keys: [], reset: true }, ctx);
    expect(await h['guest-ssh-get-authorized-keys']({ username: 'alice' }, ctx)).toEqual({ keys: [] });
  });
});
