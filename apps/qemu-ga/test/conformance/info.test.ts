// qemu-ga.md §8 cases 29-41: information commands. The same entries in the
// same order; numbers that change between two runs (times, counters, usage)
// are masked, names and structure are compared byte for byte.
import { describe, it } from '@jest/globals';
import { DEAD_PROCESS, LOGIN_PROCESS, USER_PROCESS, utmpRecords } from './utmp.js';
import { conform, maskAllNumbers, maskKeys, type ConformanceCase } from './conform.js';

const one = (name: string, command: string, mask?: (t: string) => string): ConformanceCase => ({
  name,
  mask,
  run: async (s) => void (await s.req(`{"execute":"${command}"}`)),
});
const statistics = maskKeys('rx-bytes', 'rx-packets', 'rx-errs', 'rx-dropped', 'tx-bytes', 'tx-packets', 'tx-errs', 'tx-dropped');

const cases: ConformanceCase[] = [
  one('§8.29 guest-info', 'guest-info'),
  one('§8.30 guest-get-time', 'guest-get-time', (t) => t.replace(/^\{"return": \d+000\}$/m, '{"return": <ns multiple of 1000>}')),
  one('§8.31 guest-get-timezone', 'guest-get-timezone'),
  one('§8.32 guest-get-host-name', 'guest-get-host-name'),
  one('§8.33 guest-get-osinfo', 'guest-get-osinfo'),
  one('§8.34 guest-get-users', 'guest-get-users'),
  one('§8.35 guest-fsfreeze-status', 'guest-fsfreeze-status'),
  one('§8.36 guest-get-vcpus', 'guest-get-vcpus'),
  one('§8.37 guest-get-memory-block-info', 'guest-get-memory-block-info'),
  one('guest-get-memory-blocks', 'guest-get-memory-blocks'),
  one('§8.38 guest-network-get-interfaces', 'guest-network-get-interfaces', statistics),
  one('§8.39 guest-get-fsinfo', 'guest-get-fsinfo', maskKeys('used-bytes', 'total-bytes')),
  one('§8.40 guest-get-cpustats', 'guest-get-cpustats', maskKeys('user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestnice')),
  one('§8.41 guest-fstrim', 'guest-fstrim', maskKeys('trimmed')),
  one('guest-get-disks', 'guest-get-disks'),
  one('guest-get-diskstats', 'guest-get-diskstats', maskAllNumbers),
  one('guest-ssh-get-authorized-keys of root', 'guest-ssh-get-authorized-keys'),
  {
    name: 'guest-ssh-get-authorized-keys: arguments',
    run: async (s) => {
      await s.req('{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"root"}}');
      await s.req('{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"no-such-user-qga"}}');
    },
  },
  one('guest-get-devices on Linux', 'guest-get-devices'),
  {
    name: '§8.34 guest-get-users with a crafted utmp',
    // One entry per user with the earliest login; non-user records ignored; a 32-byte name has no NUL.
    utmp: utmpRecords([
      { type: USER_PROCESS, user: 'root', line: 'pts/0', sec: 1704200000, usec: 0 },
      { type: USER_PROCESS, user: 'alice', line: 'pts/1', sec: 1704100000, usec: 500000 },
      { type: USER_PROCESS, user: 'root', line: 'pts/2', sec: 1704164645, usec: 123456, host: '10.0.0.1' },
      { type: DEAD_PROCESS, user: 'bob', line: 'pts/3', sec: 1704000000, usec: 0 },
      { type: LOGIN_PROCESS, user: 'LOGIN', line: 'tty1', sec: 1704000001, usec: 0 },
      { type: USER_PROCESS, user: 'u'.repeat(32), line: 'pts/4', sec: 1704300000, usec: 1 },
      { type: USER_PROCESS, user: 'zed', line: 'pts/5', sec: 1704300001, usec: 999999 },
    ]),
    run: async (s) => void (await s.req('{"execute":"guest-get-users"}')),
  },
];

describe('conformance: information commands (qemu-ga.md §8.29-41)', () => {
  for (const c of cases) it(c.name, () => conform(c), 120_000);
});
