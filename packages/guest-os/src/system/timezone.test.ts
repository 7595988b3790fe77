import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { evalPosixTz, parsePosixTz } from './posix-tz.js';
import { getTimezone, getZoneName } from './timezone.js';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

/** glibc's view (`date +%Z %z`) is what GLib also derives from the same tzdata. */
function viaDate(tz: string, t: number): { abbreviation: string; offset: number } {
  const [abbr, z] = execFileSync('date', ['-d', `@${t}`, '+%Z %z'], { env: { TZ: tz }, encoding: 'utf8' })
    .trim()
    .split(' ');
  const sign = z!.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(z!.slice(1, 3)) * 3600 + Number(z!.slice(3, 5)) * 60);
  return { abbreviation: abbr!, offset };
}

const instants = [0, 1700000000, 1711846800, 1711846799, 1782000000, 1796106000, 2145916800, 4102444800];
const zones = [
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
  'Pacific/Chatham',
  'Etc/UTC',
  'CET-1CEST,M3.5.0,M10.5.0/3',
  'EST5EDT',
  '<+0330>-3:30',
];

describe('getTimezone', () => {
  it('matches glibc for zone files and POSIX rules, past the last transition too', async () => {
    if (!existsSync('/usr/share/zoneinfo/Europe/Paris')) {
      throw new Error('tzdata missing: apt-get install -y tzdata');
    }
    for (const tz of zones) {
      for (const t of instants) {
        expect({ tz, t, ...(await getTimezone({ env: { TZ: tz }, nowSeconds: () => t })) }).toEqual({
          tz,
          t,
          ...viaDate(tz, t),
        });
      }
    }
  });

  it('reads /etc/localtime when TZ is unset, and falls back to UTC for garbage', async () => {
    const local = await getTimezone({ env: {} });
    expect(typeof local.abbreviation).toBe('string');
    expect(await getTimezone({ env: { TZ: 'No/Such_Zone' } })).toEqual({ abbreviation: 'UTC', offset: 0 });
  });
});

describe('parsePosixTz', () => {
  it('parses names, quoted names, offsets and Mm.w.d/Jn/n rules', () => {
    expect(parsePosixTz('UTC0')).toEqual({ std: 'UTC', stdOffset: 0 });
    expect(parsePosixTz('<-03>3')).toEqual({ std: '-03', stdOffset: -10800 });
    const j = parsePosixTz('XST-2XDT,J60/0,J300/0')!;
    expect(evalPosixTz(j, Date.UTC(2024, 5, 1) / 1000).abbreviation).toBe('XDT');
    expect(parsePosixTz('not a zone')).toBeUndefined();
  });
});

describe('getZoneName', () => {
  const zoneinfo = (n: string) => require('node:fs').readFileSync(`/usr/share/zoneinfo/${n}`) as Buffer;
  it('keeps every component of the /etc/localtime target and gives the standard offset (DST not applied)', async () => {
    const files: Record<string, Buffer> = { '/etc/localtime': zoneinfo('America/Argentina/Buenos_Aires') };
    const z = await getZoneName({ env: {}, readlink: async () => '../usr/share/zoneinfo/America/Argentina/Buenos_Aires', readFile: async (p) => files[p] ?? Promise.reject(new Error('ENOENT')) });
    expect(z).toEqual({ zone: 'America/Argentina/Buenos_Aires', standardOffset: -3 * 3600 });
    const berlin = await getZoneName({ env: {}, readlink: async () => '/usr/share/zoneinfo/Europe/Berlin', readFile: async () => zoneinfo('Europe/Berlin') });
    expect(berlin).toEqual({ zone: 'Europe/Berlin', standardOffset: 3600 });
  });
  it('falls back to /etc/timezone, then /etc/sysconfig/clock; $TZ names and rules count', async () => {
    const noLink = async () => Promise.reject(new Error('EINVAL'));
    expect(await getZoneName({ env: {}, readlink: noLink, readFile: async (p) => (p === '/etc/timezone' ? Buffer.from('Asia/Kolkata\n') : p === '/etc/localtime' ? zoneinfo('Asia/Kolkata') : Promise.reject(new Error('ENOENT'))) })).toEqual({ zone: 'Asia/Kolkata', standardOffset: 19800 });
    expect(await getZoneName({ env: {}, readlink: noLink, readFile: async (p) => (p === '/etc/sysconfig/clock' ? Buffer.from('ZONE="America/New_York"\nUTC=true\n') : Promise.reject(new Error('ENOENT'))) })).toEqual({ zone: 'America/New_York', standardOffset: 0 });
    expect(await getZoneName({ env: { TZ: 'America/New_York' }, readlink: noLink })).toEqual({ zone: 'America/New_York', standardOffset: -5 * 3600 });
    expect(await getZoneName({ env: { TZ: 'CET-1CEST,M3.5.0,M10.5.0/3' }, readlink: noLink, readFile: async () => Promise.reject(new Error('ENOENT')) })).toEqual({ zone: '', standardOffset: 3600 });
  });
});
