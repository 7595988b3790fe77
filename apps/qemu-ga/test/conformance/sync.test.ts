// qemu-ga.md §8 cases 23-28 (synchronisation) and libvirt's own sequence (§5.1).
import { describe, it } from '@jest/globals';
import { conform, maskKeys, type ConformanceCase } from './conform.js';

const cases: ConformanceCase[] = [
  { name: '§8.23 guest-sync', run: async (s) => void (await s.req('{"execute":"guest-sync","arguments":{"id":123}}')) },
  {
    name: '§8.24 guest-sync int64 limits',
    run: async (s) => {
      await s.req('{"execute":"guest-sync","arguments":{"id":9223372036854775807}}');
      await s.req('{"execute":"guest-sync","arguments":{"id":9223372036854775808}}');
    },
  },
  {
    name: '§8.25 guest-sync-delimited bytes',
    run: async (s) => {
      await s.req('{"execute":"guest-sync-delimited","arguments":{"id":7}}');
      await s.req('{"execute":"guest-sync-delimited","arguments":{"id":1},"id":"d"}');
    },
  },
  {
    name: '§8.26 0xFF before guest-sync-delimited',
    // A compatible agent may omit the stray-0xFF error (§8.26); record everything up to the sync reply.
    run: async (s) => {
      await s.send('\xff{"execute":"guest-sync-delimited","arguments":{"id":99}}');
      await s.until((l) => l.includes('"return": 99'));
    },
  },
  {
    name: '§8.27 partial request, control-character reset',
    run: async (s) => {
      await s.send('{"execute":"guest-sync","arguments":{"id":');
      await s.send('\x01{"execute":"guest-ping","id":"r"}');
      await s.until((l) => l.includes('"id": "r"'));
    },
  },
  { name: '§8.28 delimited error has no 0xFF', run: async (s) => void (await s.req('{"execute":"guest-sync-delimited","arguments":{"id":"x"}}')) },
  {
    name: 'robust host sync: 0xFF + guest-sync-delimited after a half request',
    run: async (s) => {
      await s.send('{"execute":"guest-info","arguments":{"x":[1,');
      await s.send('\xff{"execute":"guest-sync-delimited","arguments":{"id":4611686018427387904}}\n');
      await s.until((l) => l.includes('4611686018427387904'));
      await s.req('{"execute":"guest-ping"}\n');
    },
  },
];

// What virsh sends (e2e-feasibility.md §6): plain guest-sync with a ms id once,
// then one command per line; guestinfo's order; it tolerates CommandNotFound.
const GUESTINFO = ['guest-get-users', 'guest-get-osinfo', 'guest-get-timezone', 'guest-get-host-name', 'guest-get-fsinfo', 'guest-get-disks', 'guest-network-get-interfaces'];
const counters = maskKeys('used-bytes', 'total-bytes', 'rx-bytes', 'rx-packets', 'rx-errs', 'rx-dropped', 'tx-bytes', 'tx-packets', 'tx-errs', 'tx-dropped');
const libvirt: ConformanceCase = {
  name: 'libvirt: guest-sync with ms id, guest-info, guestinfo sequence',
  // The sync id and guest-get-time are the only whole-number replies.
  mask: (t) => counters(t).replace(/^\{"return": \d+\}$/gm, '{"return": <int>}'),
  run: async (s) => {
    await s.req(`{"execute":"guest-sync", "arguments":{"id":${Date.now()}}}\n`);
    await s.req('{"execute":"guest-info"}\n');
    for (const c of GUESTINFO) await s.req(`{"execute":"${c}"}\n`);
    await s.req('{"execute":"guest-get-time"}\n');
    await s.req('{"execute":"guest-get-vcpus"}\n');
  },
};

describe('conformance: synchronisation (qemu-ga.md §8.23-28) and libvirt', () => {
  for (const c of cases) it(c.name, () => conform(c), 120_000);
  it(libvirt.name, () => conform(libvirt), 120_000);
});
