// qemu-ga.md §8 cases 29-41: information commands. The same entries in the
// same order; numbers that change between two runs (times, counters, usage)
// are masked, names and structure are compared byte for byte.
import { describe, it } from '@jest/globals';
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
];

describe('conformance: information commands (qemu-ga.md §8.29-41)', () => {
  for (const c of cases) it(c.name, () => conform(c), 120_000);
});
