import { describe, it, expect } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { listRoutes, parseIpv4Routes, parseIpv6Routes } from './routes.js';

const fixture = (name: string): Promise<string> => readFile(new URL(`./__fixtures__/${name}`, import.meta.url), 'latin1');

describe('routes (captured /proc/net/route and ipv6_route)', () => {
  it('decodes IPv4 routes: host-order hex addresses, decimal columns', async () => {
    const routes = parseIpv4Routes(await fixture('route.txt'));
    expect(routes).toEqual([
      {
        iface: 'eth0',
        destination: '0.0.0.0',
        gateway: '192.0.2.1',
        mask: '0.0.0.0',
        metric: 0,
        flags: 3n,
        refcnt: 0,
        use: 0,
        mtu: 0,
        window: 0,
        irtt: 0,
        version: 4,
      },
      {
        iface: 'eth0',
        destination: '192.0.2.0',
        gateway: '0.0.0.0',
        mask: '255.255.255.0',
        metric: 0,
        flags: 1n,
        refcnt: 0,
        use: 0,
        mtu: 0,
        window: 0,
        irtt: 0,
        version: 4,
      },
    ]);
  });

  it('keeps qemu-ga sign extension for IPv6 metric ffffffff and RTF_LOCAL flags', async () => {
    const routes = parseIpv6Routes(await fixture('ipv6_route.txt'));
    expect(routes).toHaveLength(8);
    expect(routes[0]).toEqual({
      iface: 'eth0',
      destination: 'fd00::',
      metric: 256,
      source: '::',
      desprefixlen: '64',
      srcprefixlen: '0',
      nexthop: '::',
      flags: 1n,
      refcnt: 1,
      use: 0,
      version: 6,
    });
    expect(routes[2]!.nexthop).toBe('fd00::1');
    const local = routes[3]!;
    expect(local.iface).toBe('lo');
    expect(local.desprefixlen).toBe('128');
    expect(local.flags).toBe(0xffffffff80200001n);
    const reject = routes[7]!;
    expect(reject.metric).toBe(-1);
    expect(reject.flags).toBe(0x200200n);
  });

  it('lists IPv4 then IPv6, tolerates a missing ipv6_route, and fails with qemu-ga text without route', async () => {
    const files: Record<string, string> = { '/r': await fixture('route.txt'), '/r6': await fixture('ipv6_route.txt') };
    const read = async (p: string): Promise<string> => {
      const t = files[p];
      if (t === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT', errno: -2 });
      return t;
    };
    const all = await listRoutes({ readFile: read, routePath: '/r', ipv6RoutePath: '/r6' });
    expect(all.map((r) => r.version)).toEqual([4, 4, 6, 6, 6, 6, 6, 6, 6, 6]);
    expect(await listRoutes({ readFile: read, routePath: '/r', ipv6RoutePath: '/none' })).toHaveLength(2);
    await expect(listRoutes({ readFile: read, routePath: '/none' })).rejects.toThrow(
      'open("/none"): No such file or directory',
    );
  });
});
