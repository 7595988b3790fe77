import { describe, it, expect } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { listInterfaces } from './interfaces.js';
import type { RawIfAddr } from '@ga/native/libc';
import type { NetSyscalls } from './libc-net.js';

const netDev = new URL('./__fixtures__/proc-net-dev.txt', import.meta.url);
const readFixture = async (): Promise<string> => readFile(netDev, 'latin1');

const sockaddr = (family: number, bytes: number[], at: number): Uint8Array => {
  const b = new Uint8Array(28);
  b[0] = family & 0xff;
  b[1] = family >> 8;
  b.set(bytes, at);
  return b;
};
const v4 = (a: number[], mask: number[]) => ({ family: 2, addr: sockaddr(2, a, 4), netmask: sockaddr(2, mask, 4) });
const v6 = (a: number[], prefixBytes: number) => ({
  family: 10,
  addr: sockaddr(10, a, 8),
  netmask: sockaddr(10, Array(prefixBytes).fill(255), 8),
});
const packet = { family: 17, addr: sockaddr(17, [], 4) };

const IFF_UP = 0x1;
const IFF_BROADCAST = 0x2;
const IFF_LOOPBACK = 0x8;
const IFF_NOARP = 0x80;

function fakeSys(entries: RawIfAddr[], macs: Record<string, number[] | Error>): NetSyscalls & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    getifaddrs: () => entries,
    hwaddr: (name) => {
      asked.push(name);
      const m = macs[name];
      if (m instanceof Error) throw m;
      return Uint8Array.from(m ?? [0, 0, 0, 0, 0, 0]);
    },
  };
}

describe('listInterfaces', () => {
  it('reports every link in getifaddrs order, DOWN ones and aliases included, like qemu-ga', async () => {
    const lo6 = Array(15).fill(0).concat([1]);
    const sys = fakeSys(
      [
        { name: 'lo', flags: IFF_UP | IFF_LOOPBACK, ...packet },
        { name: 'ifb0', flags: IFF_BROADCAST | IFF_NOARP, ...packet },
        { name: 'eth0', flags: IFF_UP | IFF_BROADCAST, ...packet },
        { name: 'lo', flags: IFF_UP | IFF_LOOPBACK, ...v4([127, 0, 0, 1], [255, 0, 0, 0]) },
        { name: 'eth0', flags: IFF_UP | IFF_BROADCAST, ...v4([192, 0, 2, 2], [255, 255, 255, 0]) },
        { name: 'eth0:1', flags: IFF_UP | IFF_BROADCAST, ...v4([192, 0, 2, 9], [255, 255, 255, 255]) },
        { name: 'lo', flags: IFF_UP | IFF_LOOPBACK, ...v6(lo6, 16) },
        { name: 'eth0', flags: IFF_UP | IFF_BROADCAST, ...v6([0xfd, 0, ...Array(13).fill(0), 2], 8) },
      ],
      { ifb0: [0xd6, 0xc3, 0x83, 0xe8, 0x1f, 0xb4], eth0: [2, 0xfc, 0, 0, 0, 1], 'eth0:1': [2, 0xfc, 0, 0, 0, 1] },
    );
    const list = await listInterfaces({ sys, readFile: readFixture });
    expect(list.map((i) => i.name)).toEqual(['lo', 'ifb0', 'eth0', 'eth0:1']);
    expect(list[0]).toEqual({
      name: 'lo',
      hardwareAddress: '00:00:00:00:00:00',
      addresses: [
        { address: '127.0.0.1', family: 'ipv4', prefix: 8 },
        { address: '::1', family: 'ipv6', prefix: 128 },
      ],
      statistics: {
        rxBytes: 3193n,
        rxPackets: 29n,
        rxErrs: 0n,
        rxDropped: 0n,
        txBytes: 3193n,
        txPackets: 29n,
        txErrs: 0n,
        txDropped: 0n,
      },
    });
    // no address: only name and MAC, no statistics although /proc/net/dev lists it
    expect(list[1]).toEqual({ name: 'ifb0', hardwareAddress: 'd6:c3:83:e8:1f:b4' });
    expect(list[2]!.addresses).toEqual([
      { address: '192.0.2.2', family: 'ipv4', prefix: 24 },
      { address: 'fd00::2', family: 'ipv6', prefix: 64 },
    ]);
    expect(list[2]!.statistics?.rxErrs).toBe(1n);
    expect(list[2]!.statistics?.txDropped).toBe(4n);
    // the alias has its own entry and no statistics (no "eth0:1:" line in /proc/net/dev)
    expect(list[3]).toEqual({
      name: 'eth0:1',
      hardwareAddress: '02:fc:00:00:00:01',
      addresses: [{ address: '192.0.2.9', family: 'ipv4', prefix: 32 }],
    });
    expect(sys.asked).toEqual(['lo', 'ifb0', 'eth0', 'eth0:1']);
  });

  it('asks the MAC whatever the flags (a DOWN loopback still has 00:00:…)', async () => {
    const sys = fakeSys([{ name: 'lo', flags: IFF_LOOPBACK, ...packet }], {});
    expect(await listInterfaces({ sys, readFile: readFixture })).toEqual([
      { name: 'lo', hardwareAddress: '00:00:00:00:00:00' },
    ]);
    expect(sys.asked).toEqual(['lo']);
  });

  it('saturates counters like sscanf %lld; a failed MAC ioctl only omits the MAC; no socket is an error', async () => {
    const ok = fakeSys([{ name: 'dummy0', flags: IFF_BROADCAST, ...v4([10, 0, 0, 1], [255, 0, 0, 0]) }], {});
    const [d] = await listInterfaces({ sys: ok, readFile: readFixture });
    expect(d!.statistics?.rxBytes).toBe(9223372036854775807n);
    const noMac = fakeSys(
      [
        { name: 'ipip0', flags: IFF_UP, ...packet },
        { name: 'ipip0', flags: IFF_UP, ...v4([10, 1, 1, 1], [255, 255, 255, 255]) },
      ],
      { ipip0: Object.assign(new Error('x'), { errno: 99, call: 'ioctl' }) },
    );
    expect(await listInterfaces({ sys: noMac, readFile: readFixture })).toEqual([
      { name: 'ipip0', addresses: [{ address: '10.1.1.1', family: 'ipv4', prefix: 32 }] },
    ]);
    expect(noMac.asked).toEqual(['ipip0', 'ipip0']);
    const noSocket = fakeSys([{ name: 'eth9', flags: IFF_UP, ...packet }], {
      eth9: Object.assign(new Error('x'), { errno: 24, call: 'socket' }),
    });
    await expect(listInterfaces({ sys: noSocket, readFile: readFixture })).rejects.toThrow(
      'failed to create socket: Too many open files',
    );
  });

  it('reads this machine without error and lists lo first with 127.0.0.1/8', async () => {
    const list = await listInterfaces();
    expect(list[0]!.name).toBe('lo');
    expect(list[0]!.addresses?.[0]).toEqual({ address: '127.0.0.1', family: 'ipv4', prefix: 8 });
  });
});
