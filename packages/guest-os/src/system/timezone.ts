import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { evalPosixTz, parsePosixTz, type ZoneAt } from './posix-tz.js';

export type { ZoneAt } from './posix-tz.js';

interface Tzif {
  transitions: bigint[];
  typeIndex: number[];
  types: { offset: number; abbreviation: string }[];
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
  const rawTypes: { offset: number; abbrIndex: number }[] = [];
  for (let i = 0; i < h.type; i++) {
    rawTypes.push({ offset: buf.readInt32BE(p + 6 * i), abbrIndex: buf[p + 6 * i + 5]! });
  }
  p += h.type * 6;
  const chars = buf.subarray(p, p + h.char);
  const types = rawTypes.map((t) => {
    const end = chars.indexOf(0, t.abbrIndex);
    return { offset: t.offset, abbreviation: chars.toString('latin1', t.abbrIndex, end < 0 ? chars.length : end) };
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
