import { readFile } from 'node:fs/promises';

/** The passwd fields the account commands need. */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** Where users are looked up; /etc/passwd unless a test points elsewhere. */
export const DEFAULT_PASSWD_PATH = '/etc/passwd';

/** Parses passwd(5) text; malformed lines are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 7) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid) || f[0] === '') continue;
    entries.push({ name: f[0] as string, uid, gid, home: f[5] as string });
  }
  return entries;
}

/**
 * getpwnam() over a passwd file. An unknown user throws qemu-ga's text, whose
 * odd "Success" suffix comes from GLib reporting errno 0 (qemu-ga.md §2.3.4).
 */
export async function lookupUser(name: string, passwdPath: string = DEFAULT_PASSWD_PATH): Promise<PasswdEntry> {
  let text = '';
  try {
    text = await readFile(passwdPath, 'utf8');
  } catch {
    text = '';
  }
  const entry = parsePasswd(text).find((e) => e.name === name);
  if (entry === undefined) throw new Error(`failed to lookup user '${name}': Success`);
  return entry;
}
