import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { evalPosixTz, parsePosixTz } from './posix-tz.js';
import { getTimezone } from './timezone.js';

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
