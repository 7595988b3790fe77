import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { errnoText } from '@ga/native/errno';
import { DEFAULT_PASSWD_PATH, lookupUser, type PasswdEntry } from './passwd.js';

/** File operations on the user's ~/.ssh, injectable for tests. */
export interface SshFs {
  readFile(path: string): Promise<string>;
  /** Replaces the file atomically (temp file + rename, like g_file_set_contents). */
  writeFileAtomic(path: string, data: string): Promise<void>;
  isDirectory(path: string): Promise<boolean>;
  exists(path: string): Promise<boolean>;
  mkdir(path: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
}

export const defaultSshFs: SshFs = {
  readFile: (p) => fsp.readFile(p, 'utf8'),
  async writeFileAtomic(p, data) {
    const tmp = `${p}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, data, { mode: 0o600 });
    await fsp.rename(tmp, p);
  },
  isDirectory: async (p) => (await fsp.stat(p).catch(() => undefined))?.isDirectory() ?? false,
  exists: async (p) => (await fsp.stat(p).catch(() => undefined)) !== undefined,
  mkdir: async (p, mode) => {
    await fsp.mkdir(p, { mode });
  },
  chown: (p, uid, gid) => fsp.chown(p, uid, gid),
  chmod: (p, mode) => fsp.chmod(p, mode),
};

export interface SshKeyDeps {
  fs?: SshFs;
  passwdPath?: string;
}

/** The authorized_keys path of a user, from the passwd home directory. */
export function authorizedKeysPath(user: PasswdEntry): string {
  return join(user.home, '.ssh', 'authorized_keys');
}

/**
 * qemu-ga's only key check: not starting with "#" and no newline (an empty
 * string passes, as in qemu-ga). Throws `invalid OpenSSH public key: '<key>'`.
 */
export function checkKeys(keys: readonly string[]): void {
  for (const key of keys) {
    if (key.startsWith('#') || key.includes('\n')) throw new Error(`invalid OpenSSH public key: '${key}'`);
  }
}

async function readKeysFile(fs: SshFs, path: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const what = code === 'EISDIR' ? 'Failed to read from file' : 'Failed to open file';
    throw new Error(`failed to read '${path}': ${what} \u201C${path}\u201D: ${errnoText(err)}`);
  }
  // g_strsplit keeps a trailing empty element after a final newline; writing
  // it back therefore keeps qemu-ga's exact file layout.
  return text.split('\n');
}

async function writeKeysFile(fs: SshFs, path: string, lines: readonly string[], user: PasswdEntry): Promise<void> {
  try {
    await fs.writeFileAtomic(path, lines.join('\n'));
  } catch (err) {
    throw new Error(`failed to write to '${path}': Failed to create file \u201C${path}\u201D: ${errnoText(err)}`);
  }
  try {
    await fs.chown(path, user.uid, user.gid);
  } catch (err) {
    // "directory" (sic): qemu-ga reuses the directory wording for the file.
    throw new Error(`failed to set ownership of directory '${path}': ${errnoText(err)}`);
  }
  try {
    await fs.chmod(path, 0o600);
  } catch (err) {
    throw new Error(`failed to set permissions of '${path}': ${errnoText(err)}`);
  }
}

async function mkdirForUser(fs: SshFs, path: string, user: PasswdEntry): Promise<void> {
  const step = async (what: string, op: () => Promise<void>) => {
    try {
      await op();
    } catch (err) {
      throw new Error(`${what} '${path}': ${errnoText(err)}`);
    }
  };
  await step('failed to create directory', () => fs.mkdir(path, 0o700));
  await step('failed to set ownership of directory', () => fs.chown(path, user.uid, user.gid));
  await step('failed to set permissions of directory', () => fs.chmod(path, 0o700));
}

/**
 * guest-ssh-get-authorized-keys: every non-empty, non-comment line (trimmed),
 * in REVERSE file order — qemu-ga prepends each key to its reply list, which is
 * why newly added keys are observed "first". A missing file is an error.
 */
export async function getAuthorizedKeys(username: string, deps: SshKeyDeps = {}): Promise<string[]> {
  const fs = deps.fs ?? defaultSshFs;
  const user = await lookupUser(username, deps.passwdPath ?? DEFAULT_PASSWD_PATH);
  const lines = await readKeysFile(fs, authorizedKeysPath(user));
  const keys: string[] = [];
  for (const line of lines) {
    const key = line.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
    if (key === '' || key.startsWith('#')) continue;
    keys.unshift(key);
  }
  return keys;
}

/**
 * guest-ssh-add-authorized-keys: appends the keys not already present (or,
 * with `reset`, writes exactly these keys), creating ~/.ssh 0700 when needed;
 * the file ends up 0600, both owned by the user.
 */
export async function addAuthorizedKeys(
  username: string,
  keys: readonly string[],
  reset: boolean,
  deps: SshKeyDeps = {},
): Promise<void> {
  const fs = deps.fs ?? defaultSshFs;
  checkKeys(keys);
  const user = await lookupUser(username, deps.passwdPath ?? DEFAULT_PASSWD_PATH);
  const sshDir = join(user.home, '.ssh');
  const path = authorizedKeysPath(user);
  let lines: string[] | undefined;
  if (!reset) lines = await readKeysFile(fs, path).catch(() => undefined);
  if (lines === undefined) {
    if (!(await fs.isDirectory(sshDir))) await mkdirForUser(fs, sshDir, user);
    lines = [];
  }
  for (const key of keys) if (!lines.includes(key)) lines.push(key);
  await writeKeysFile(fs, path, lines, user);
}

/**
 * guest-ssh-remove-authorized-keys: drops lines equal to any given key.
 * Without an authorized_keys file there is nothing to do (not an error).
 */
export async function removeAuthorizedKeys(username: string, keys: readonly string[], deps: SshKeyDeps = {}): Promise<void> {
  const fs = deps.fs ?? defaultSshFs;
  checkKeys(keys);
  const user = await lookupUser(username, deps.passwdPath ?? DEFAULT_PASSWD_PATH);
  const path = authorizedKeysPath(user);
  if (!(await fs.exists(path))) return;
  const lines = await readKeysFile(fs, path);
  await writeKeysFile(fs, path, lines.filter((l) => !keys.includes(l)), user);
}
