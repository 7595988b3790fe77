import { describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAuthorizedKeys, getAuthorizedKeys, removeAuthorizedKeys } from '../../src/accounts/ssh-keys.js';
import { lookupUser, parsePasswd } from '../../src/accounts/passwd.js';

const UID = 4321;
const GID = 4322;

async function world(): Promise<{ home: string; deps: { passwdPath: string }; keysPath: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ga-ssh-'));
  const home = join(dir, 'home', 'alice');
  await mkdir(home, { recursive: true });
  const passwdPath = join(dir, 'passwd');
  await writeFile(passwdPath, `root:x:0:0:root:/root:/bin/bash\nalice:x:${UID}:${GID}:Alice:${home}:/bin/sh\n`);
  return { home, deps: { passwdPath }, keysPath: join(home, '.ssh', 'authorized_keys') };
}

describe('passwd lookup', () => {
  it('parses entries and reports unknown users like qemu-ga', async () => {
    const w = await world();
    expect(await lookupUser('alice', w.deps.passwdPath)).toEqual({ name: 'alice', uid: UID, gid: GID, home: w.home });
    await expect(lookupUser('nosuchuser', w.deps.passwdPath)).rejects.toThrow("failed to lookup user 'nosuchuser': Success");
    expect(parsePasswd('bad line\n#c\nx:x:1:2::/h:/s\n')).toEqual([{ name: 'x', uid: 1, gid: 2, home: '/h' }]);
  });
});

describe('authorized_keys on real files', () => {
  it('creates ~/.ssh 0700 and the file 0600 owned by the user', async () => {
    if (process.getuid?.() !== 0) throw new Error('run as root: this test chowns files to another uid (sudo npm test)');
    const w = await world();
    await addAuthorizedKeys('alice', ['algo key2 comments'], false, w.deps);
    const dirSt = await stat(join(w.home, '.ssh'));
    const fileSt = await stat(w.keysPath);
    expect([dirSt.mode & 0o777, dirSt.uid, dirSt.gid]).toEqual([0o700, UID, GID]);
    expect([fileSt.mode & 0o777, fileSt.uid, fileSt.gid]).toEqual([0o600, UID, GID]);
    expect(await readFile(w.keysPath, 'utf8')).toBe('algo key2 comments');
  });

  it('appends only new keys, and get lists them in reverse file order', async () => {
    const w = await world();
    await addAuthorizedKeys('alice', ['algo key2 comments'], false, w.deps);
    await addAuthorizedKeys('alice', ['algo key1 comments', 'algo key2 comments'], false, w.deps);
    expect(await readFile(w.keysPath, 'utf8')).toBe('algo key2 comments\nalgo key1 comments');
    expect(await getAuthorizedKeys('alice', w.deps)).toEqual(['algo key1 comments', 'algo key2 comments']);
  });

  it('reset replaces the file, and an empty reset empties it', async () => {
    const w = await world();
    await addAuthorizedKeys('alice', ['k1', 'k2'], false, w.deps);
    await addAuthorizedKeys('alice', ['k2'], true, w.deps);
    expect(await readFile(w.keysPath, 'utf8')).toBe('k2');
    await addAuthorizedKeys('alice', [], true, w.deps);
    expect(await readFile(w.keysPath, 'utf8')).toBe('');
  });

  it('removes keys, keeps comments, and ignores a missing file', async () => {
    const w = await world();
    await removeAuthorizedKeys('alice', ['k1'], w.deps);
    await mkdir(join(w.home, '.ssh'));
    const text = 'algo key1 comments\nalgo key1 comments\n# a commented line\nalgo some-key another\n';
    await writeFile(w.keysPath, text);
    await removeAuthorizedKeys('alice', ['algo key2 comments'], w.deps);
    expect(await readFile(w.keysPath, 'utf8')).toBe(text);
    await removeAuthorizedKeys('alice', ['algo key1 comments'], w.deps);
    expect(await readFile(w.keysPath, 'utf8')).toBe('# a commented line\nalgo some-key another\n');
    expect(await getAuthorizedKeys('alice', w.deps)).toEqual(['algo some-key another']);
  });

  it('answers qemu-ga errors for bad keys, unknown users and a missing file', async () => {
    const w = await world();
    await expect(addAuthorizedKeys('alice', ['# x'], false, w.deps)).rejects.toThrow("invalid OpenSSH public key: '# x'");
    await expect(removeAuthorizedKeys('alice', ['a\nb'], w.deps)).rejects.toThrow("invalid OpenSSH public key: 'a\nb'");
    await expect(addAuthorizedKeys('bob', ['k'], false, w.deps)).rejects.toThrow("failed to lookup user 'bob': Success");
    await expect(getAuthorizedKeys('alice', w.deps)).rejects.toThrow(
      `failed to read '${w.keysPath}': Failed to open file \u201C${w.keysPath}\u201D: No such file or directory`,
    );
  });
});
