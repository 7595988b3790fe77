import { readFile } from 'node:fs/promises';
import type { RootedFs } from '../support/rooted-fs.js';
import { rootedFs } from '../support/rooted-fs.js';

/** A logged-in user and the earliest login time among their sessions. */
export interface LoggedInUser {
  user: string;
  /** Seconds since the epoch, with microseconds as the fraction (tv_sec + tv_usec / 1e6). */
  loginTime: number;
}

/* glibc x86-64/aarch64 `struct utmp` (= utmpx): 384 bytes per record. */
const RECORD = 384;
const UT_TYPE = 0;
const UT_USER = 44;
const UT_NAMESIZE = 32;
const UT_TV_SEC = 340;
const UT_TV_USEC = 344;
const USER_PROCESS = 7;

const cString = (buf: Buffer, start: number, len: number): string => {
  const field = buf.subarray(start, start + len);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? len : nul).toString('utf8');
};

/**
 * USER_PROCESS records of a utmp file, one entry per user in first-seen
 * order with the earliest login time — qemu-ga's getutxent() walk.
 */
export function parseUtmp(buf: Buffer): LoggedInUser[] {
  const users = new Map<string, LoggedInUser>();
  for (let at = 0; at + RECORD <= buf.length; at += RECORD) {
    if (buf.readInt16LE(at + UT_TYPE) !== USER_PROCESS) continue;
    const user = cString(buf, at + UT_USER, UT_NAMESIZE);
    const loginTime = buf.readInt32LE(at + UT_TV_SEC) + buf.readInt32LE(at + UT_TV_USEC) / 1_000_000;
    const seen = users.get(user);
    if (!seen) users.set(user, { user, loginTime });
    else if (loginTime < seen.loginTime) seen.loginTime = loginTime;
  }
  return [...users.values()];
}

/**
 * Sessions from systemd-logind's state files (/run/systemd/sessions/<id>,
 * KEY=VALUE lines with USER and REALTIME in µs), for distributions that no
 * longer write utmp. Only user-class sessions count; one entry per user,
 * earliest login, sessions in directory order.
 */
export async function readLogindSessions(fs: RootedFs): Promise<LoggedInUser[]> {
  let entries;
  try {
    entries = await fs.readDir('/run/systemd/sessions');
  } catch {
    return [];
  }
  const users = new Map<string, LoggedInUser>();
  for (const e of entries) {
    if (e.isDirectory || e.name.includes('.')) continue; // skip *.ref FIFOs' names and temp files
    let text: string;
    try {
      text = await fs.readText(`/run/systemd/sessions/${e.name}`);
    } catch {
      continue;
    }
    const kv = new Map<string, string>();
    for (const line of text.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1));
    }
    const user = kv.get('USER');
    const realtime = kv.get('REALTIME');
    const cls = kv.get('CLASS') ?? 'user';
    if (!user || !realtime || !/^\d+$/.test(realtime) || !cls.startsWith('user')) continue;
    const us = BigInt(realtime);
    const loginTime = Number(us / 1_000_000n) + Number(us % 1_000_000n) / 1_000_000;
    const seen = users.get(user);
    if (!seen) users.set(user, { user, loginTime });
    else if (loginTime < seen.loginTime) seen.loginTime = loginTime;
  }
  return [...users.values()];
}

export interface UsersDeps {
  fs: RootedFs;
  utmpPath: string;
  readFile: (p: string) => Promise<Buffer>;
}

/**
 * Logged-in users as qemu-ga's guest-get-users: from utmp (/var/run/utmp).
 * Only when that file does not exist (modern distributions without utmp,
 * where qemu-ga returns []) are systemd-logind sessions used instead.
 */
export async function listLoggedInUsers(deps: Partial<UsersDeps> = {}): Promise<LoggedInUser[]> {
  const fs = deps.fs ?? rootedFs();
  const utmpPath = deps.utmpPath ?? '/var/run/utmp';
  const read = deps.readFile ?? ((p: string) => readFile(fs.root === '/' ? p : `${fs.root}${p}`));
  let buf: Buffer;
  try {
    buf = await read(utmpPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return readLogindSessions(fs);
    return []; // getutxent() on an unreadable file just yields nothing
  }
  return parseUtmp(buf);
}
