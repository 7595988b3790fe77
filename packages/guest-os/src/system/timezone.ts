import { readFile, readlink as fsReadlink } from 'node:fs/promises';
import path from 'node:path';
import { evalPosixTz, parsePosixTz, type ZoneAt } from './posix-tz.js';

export type { ZoneAt } from './posix-tz.js';

interface Tzif {
  transitions: bigint[];
  typeIndex: number[];
  types: { offset: number; abbreviation: string; isDst: boolean }[];
  footer?: string;
}

/** Parses a TZif file (RFC 8536), preferring the 64-bit v2+ block. */
export function parseTzif(buf: Buffer): Tzif | undefined {
  const header = (at: number) => {
    if (buf.length < at + 44 || buf.toString('latin1', at, at + 4) !== 'TZif') return undefined;
    const n = (i: number): number => buf.readUInt32BE(at + 20 + 4 * i);
    return { version: buf[at + 4]!, isut: n(0), isstd: n(1), leap: n(2), time: n(3), type: n(4), char: n(5) };
  };
  const h1 = header(0);
  if (!h1) return undefined;
  const blockLen = (h: NonNullable<typeof h1>, tsize: number): number =>
    h.time * tsize + h.time + h.type * 6 + h.char + h.leap * (tsize + 4) + h.isstd + h.isut;
  let at = 44;
  let h = h1;
  let tsize = 4;
  if (h1.version >= 0x32) {
    const h2 = header(44 + blockLen(h1, 4));
    if (h2) {
      at = 44 + blockLen(h1, 4) + 44;
      h = h2;
      tsize = 8;
    }
  }
  if (buf.length < at + blockLen(h, tsize)) return undefined;
  const transitions: bigint[] = [];
  for (let i = 0; i < h.time; i++) {
    transitions.push(tsize === 8 ? buf.readBigInt64BE(at + 8 * i) : BigInt(buf.readInt32BE(at + 4 * i)));
  }
  let p = at + h.time * tsize;
  const typeIndex = Array.from(buf.subarray(p, p + h.time));
  p += h.time;
  const rawTypes: { offset: number; isDst: boolean; abbrIndex: number }[] = [];
  for (let i = 0; i < h.type; i++) {
    rawTypes.push({ offset: buf.readInt32BE(p + 6 * i), isDst: buf[p + 6 * i + 4] !== 0, abbrIndex: buf[p + 6 * i + 5]! });
  }
  p += h.type * 6;
  const chars = buf.subarray(p, p + h.char);
  const types = rawTypes.map((t) => {
    const end = chars.indexOf(0, t.abbrIndex);
    return { offset: t.offset, isDst: t.isDst, abbreviation: chars.toString('latin1', t.abbrIndex, end < 0 ? chars.length : end) };
  });
  const tz: Tzif = { transitions, typeIndex, types };
  if (tsize === 8) {
    const rest = buf.subarray(at + blockLen(h, 8)).toString('latin1');
    const m = /^\n([^\n]*)\n/.exec(rest);
    if (m && m[1] !== '') tz.footer = m[1];
  }
  return tz;
}

/** Zone in effect at `unixSeconds` from parsed TZif data (footer rule after the last transition). */
export function zoneFromTzif(tz: Tzif, unixSeconds: number): ZoneAt | undefined {
  const t = BigInt(unixSeconds);
  let idx = -1;
  for (let i = 0; i < tz.transitions.length; i++) {
    if (tz.transitions[i]! <= t) idx = i;
    else break;
  }
  if (idx === tz.transitions.length - 1 && tz.footer) {
    const rule = parsePosixTz(tz.footer);
    if (rule) return evalPosixTz(rule, unixSeconds);
  }
  // before the first transition: the first type (RFC 8536 §3.2)
  const type = idx < 0 ? tz.types[0] : tz.types[tz.typeIndex[idx]!];
  return type ? { abbreviation: type.abbreviation, offset: type.offset } : undefined;
}

export interface TimezoneDeps {
  env: NodeJS.ProcessEnv;
  readFile: (p: string) => Promise<Buffer>;
  nowSeconds: () => number;
}

const UTC: ZoneAt = { abbreviation: 'UTC', offset: 0 };

/**
 * The local time zone's abbreviation ("UTC", "CET", "CEST") and offset east
 * of UTC right now, resolved like GLib's g_time_zone_new_local() that
 * qemu-ga uses: $TZ (a zoneinfo name, a path, or a POSIX rule; a leading ':'
 * is ignored) else /etc/localtime; anything unusable means UTC.
 */
export async function getTimezone(deps: Partial<TimezoneDeps> = {}): Promise<ZoneAt> {
  const env = deps.env ?? process.env;
  const read = deps.readFile ?? ((p: string) => readFile(p));
  const now = (deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))();
  let id = env.TZ;
  if (id !== undefined && id.startsWith(':')) id = id.slice(1);
  let file: string;
  if (id === undefined) file = '/etc/localtime';
  else if (path.isAbsolute(id)) file = id;
  else file = path.join(env.TZDIR ?? '/usr/share/zoneinfo', id);
  try {
    const tzif = id === '' ? undefined : parseTzif(await read(file));
    const zone = tzif && zoneFromTzif(tzif, now);
    if (zone) return zone;
  } catch {
    // not a readable zone file: try it as a rule below
  }
  if (id) {
    const rule = parsePosixTz(id);
    if (rule) return evalPosixTz(rule, now);
  }
  return UTC;
}

/** The zone's name and its standard-time (DST not applied) offset, for the oVirt `timezone` report. */
export interface ZoneName {
  /** e.g. "Europe/Berlin", "America/Argentina/Buenos_Aires"; "" when unknown. */
  zone: string;
  /** Seconds east of UTC in standard time. */
  standardOffset: number;
}

export interface ZoneNameDeps extends TimezoneDeps {
  readlink: (p: string) => Promise<string>;
}

/** Standard-time offset of parsed TZif data: the footer rule's, else the newest non-DST type's. */
export function standardOffsetOfTzif(tz: Tzif): number | undefined {
  if (tz.footer) {
    const rule = parsePosixTz(tz.footer);
    if (rule) return rule.stdOffset;
  }
  for (let i = tz.typeIndex.length - 1; i >= 0; i--) {
    const t = tz.types[tz.typeIndex[i]!];
    if (t && !t.isDst) return t.offset;
  }
  return tz.types.find((t) => !t.isDst)?.offset;
}

/**
 * Zone name from $TZ (a zoneinfo name), the /etc/localtime symlink target
 * below zoneinfo/ (every component kept: the reference kept only the last
 * two), /etc/timezone, or ZONE= in /etc/sysconfig/clock; offset from the
 * zone's rules in standard time. Never throws.
 */
export async function getZoneName(deps: Partial<ZoneNameDeps> = {}): Promise<ZoneName> {
  const env = deps.env ?? process.env;
  const read = deps.readFile ?? ((p: string) => readFile(p));
  const readlink = deps.readlink ?? ((p: string) => fsReadlink(p));
  let zone = '';
  let file = '/etc/localtime';
  let id = env.TZ;
  if (id !== undefined && id.startsWith(':')) id = id.slice(1);
  if (id && path.isAbsolute(id)) file = id;
  else if (id) {
    // A zoneinfo name ("Europe/Berlin") when such a file parses, else a POSIX rule.
    const candidate = path.join(env.TZDIR ?? '/usr/share/zoneinfo', id);
    try {
      if (parseTzif(await read(candidate))) {
        zone = id;
        file = candidate;
      }
    } catch {
      file = '';
    }
  }
  if (zone === '' && file !== '') {
    try {
      const target = await readlink(file);
      const at = target.lastIndexOf('zoneinfo/');
      if (at >= 0) zone = target.slice(at + 'zoneinfo/'.length).replace(/^(posix|right)\//, '');
    } catch {
      // not a symlink
    }
  }
  if (zone === '') {
    try {
      zone = (await read('/etc/timezone')).toString('utf8').split('\n')[0]!.trim();
    } catch {
      // absent
    }
  }
  if (zone === '') {
    try {
      const m = /^ZONE="?([^"\n]*)"?/m.exec((await read('/etc/sysconfig/clock')).toString('utf8'));
      if (m) zone = m[1]!.trim();
    } catch {
      // absent
    }
  }
  let standardOffset: number | undefined;
  try {
    const tzif = file === '' ? undefined : parseTzif(await read(file));
    if (tzif) standardOffset = standardOffsetOfTzif(tzif);
  } catch {
    // unreadable: a POSIX rule in $TZ, or UTC
  }
  if (standardOffset === undefined && id) standardOffset = parsePosixTz(id)?.stdOffset;
  return { zone, standardOffset: standardOffset ?? 0 };
}
