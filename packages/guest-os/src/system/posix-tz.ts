/**
 * Evaluates a POSIX TZ rule string ("CET-1CEST,M3.5.0,M10.5.0/3", as in the
 * footer of TZif v2+ files and in $TZ) at an instant. POSIX offsets count
 * west of UTC; results here are seconds EAST, like qemu-ga's `offset`.
 */
export interface ZoneAt {
  abbreviation: string;
  /** seconds east of UTC */
  offset: number;
}

interface Rule {
  kind: 'J' | 'n' | 'M';
  day: number;
  month: number;
  week: number;
  /** seconds after local midnight */
  time: number;
}

export interface PosixTz {
  std: string;
  stdOffset: number;
  dst?: string;
  dstOffset?: number;
  start?: Rule;
  end?: Rule;
}

class Cursor {
  constructor(
    readonly s: string,
    public i = 0,
  ) {}
  peek(): string | undefined {
    return this.s[this.i];
  }
}

function parseName(c: Cursor): string | undefined {
  if (c.peek() === '<') {
    const end = c.s.indexOf('>', c.i);
    if (end < 0) return undefined;
    const name = c.s.slice(c.i + 1, end);
    c.i = end + 1;
    return name;
  }
  const m = /^[A-Za-z]{3,}/.exec(c.s.slice(c.i));
  if (!m) return undefined;
  c.i += m[0].length;
  return m[0];
}

/** [+-]hh[:mm[:ss]] → seconds (sign as written). */
function parseTime(c: Cursor): number | undefined {
  const m = /^([+-]?)(\d{1,3})(?::(\d{1,2})(?::(\d{1,2}))?)?/.exec(c.s.slice(c.i));
  if (!m) return undefined;
  c.i += m[0].length;
  const v = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -v : v;
}

function parseRule(c: Cursor): Rule | undefined {
  const rest = c.s.slice(c.i);
  let m: RegExpExecArray | null;
  let rule: Rule;
  if ((m = /^M(\d{1,2})\.(\d)\.(\d)/.exec(rest))) {
    rule = { kind: 'M', month: Number(m[1]), week: Number(m[2]), day: Number(m[3]), time: 7200 };
  } else if ((m = /^J(\d{1,3})/.exec(rest))) {
    rule = { kind: 'J', day: Number(m[1]), month: 0, week: 0, time: 7200 };
  } else if ((m = /^(\d{1,3})/.exec(rest))) {
    rule = { kind: 'n', day: Number(m[1]), month: 0, week: 0, time: 7200 };
  } else {
    return undefined;
  }
  c.i += m[0].length;
  if (c.peek() === '/') {
    c.i++;
    const t = parseTime(c);
    if (t === undefined) return undefined;
    rule.time = t;
  }
  return rule;
}

/** Parses a POSIX TZ string; undefined when it is not one. */
export function parsePosixTz(s: string): PosixTz | undefined {
  const c = new Cursor(s);
  const std = parseName(c);
  if (std === undefined) return undefined;
  const off = parseTime(c);
  if (off === undefined) return undefined;
  const tz: PosixTz = { std, stdOffset: 0 - off || 0 };
  if (c.i === s.length) return tz;
  const dst = parseName(c);
  if (dst === undefined) return undefined;
  tz.dst = dst;
  tz.dstOffset = tz.stdOffset + 3600;
  if (c.peek() !== ',' && c.i < s.length) {
    const d = parseTime(c);
    if (d === undefined) return undefined;
    tz.dstOffset = 0 - d || 0;
  }
  if (c.peek() === ',') {
    c.i++;
    const start = parseRule(c);
    if (!start || c.peek() !== ',') return undefined;
    c.i++;
    const end = parseRule(c);
    if (!end) return undefined;
    tz.start = start;
    tz.end = end;
  } else {
    // No rule: POSIX leaves it implementation-defined; glibc and GLib use the US rules.
    tz.start = { kind: 'M', month: 3, week: 2, day: 0, time: 7200 };
    tz.end = { kind: 'M', month: 11, week: 1, day: 0, time: 7200 };
  }
  return c.i === s.length ? tz : undefined;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Seconds from Jan 1 00:00 (local) of `year` to the rule's local time. */
function ruleSecondsInYear(rule: Rule, year: number): number {
  let yday: number;
  if (rule.kind === 'J') {
    yday = rule.day - 1;
    if (isLeap(year) && rule.day >= 60) yday++;
  } else if (rule.kind === 'n') {
    yday = rule.day;
  } else {
    const first = Date.UTC(year, rule.month - 1, 1);
    const firstDow = new Date(first).getUTCDay();
    let mday = 1 + ((rule.day - firstDow + 7) % 7) + (rule.week - 1) * 7;
    const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
    while (mday > daysInMonth) mday -= 7;
    yday = (Date.UTC(year, rule.month - 1, mday) - Date.UTC(year, 0, 1)) / 86400000;
  }
  return yday * 86400 + rule.time;
}

/** Abbreviation and offset in effect at `unixSeconds`. */
export function evalPosixTz(tz: PosixTz, unixSeconds: number): ZoneAt {
  if (tz.dst === undefined || !tz.start || !tz.end) return { abbreviation: tz.std, offset: tz.stdOffset };
  const dstOffset = tz.dstOffset!;
  const year = new Date((unixSeconds + tz.stdOffset) * 1000).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / 1000;
  // start is given in standard local time, end in daylight local time
  const start = jan1 + ruleSecondsInYear(tz.start, year) - tz.stdOffset;
  const end = jan1 + ruleSecondsInYear(tz.end, year) - dstOffset;
  const inDst = start < end ? unixSeconds >= start && unixSeconds < end : !(unixSeconds >= end && unixSeconds < start);
  return inDst ? { abbreviation: tz.dst, offset: dstOffset } : { abbreviation: tz.std, offset: tz.stdOffset };
}
