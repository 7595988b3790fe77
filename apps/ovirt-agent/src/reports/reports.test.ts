import { describe, expect, it } from '@jest/globals';
import { loginSession } from '@ga/guest-os/testing/fake-sessions';
import { activeUserOf } from './active-user.js';
import { applications } from './applications.js';
import { diskMapping, disksUsage } from './disks.js';
import { osInfoFields, timezoneFields } from './identity.js';
import { freeRam, memoryStat } from './memory.js';
import { networkInterfaces } from './network.js';

describe('report fields', () => {
  it('network-interfaces: name, lowercase hw, inet, inet6; no loopback, no ignored_nics, aliases folded', () => {
    expect(networkInterfaces([
      { name: 'lo', hardwareAddress: '00:00:00:00:00:00', addresses: [{ address: '127.0.0.1', family: 'ipv4', prefix: 8 }] },
      { name: 'eth0', hardwareAddress: '52:54:00:AB:CD:EF', addresses: [{ address: '192.0.2.10', family: 'ipv4', prefix: 24 }] },
      { name: 'eth0:1', hardwareAddress: '52:54:00:AB:CD:EF', addresses: [{ address: '192.0.2.11', family: 'ipv4', prefix: 24 }] },
      { name: 'eth0', addresses: [{ address: 'fe80::1', family: 'ipv6', prefix: 64 }] },
      { name: 'docker0', hardwareAddress: '02:42:00:00:00:01', addresses: [{ address: '172.17.0.1', family: 'ipv4', prefix: 16 }] },
      { name: 'eth1', hardwareAddress: '52:54:00:00:00:02' },
    ], ['docker0'])).toEqual([{ name: 'eth0', hw: '52:54:00:ab:cd:ef', inet: ['192.0.2.10', '192.0.2.11'], inet6: ['fe80::1'] }]);
  });

  it('applications: exact names and virtual names, rpm n-v-r and dpkg n-v, config order', () => {
    expect(applications([
      { name: 'linux-image-6.1.0-18-amd64', version: '6.1.76-1', provides: ['linux-image'], source: 'dpkg' },
      { name: 'cloud-init', version: '21.1', release: '7.el8', provides: [], source: 'rpm' },
      { name: 'kernel', version: '4.18.0', release: '348.el8', provides: [], source: 'rpm' },
    ], ['kernel', 'linux-image', 'cloud-init', 'absent'])).toEqual(['kernel-4.18.0-348.el8', 'linux-image-6.1.0-18-amd64-6.1.76-1', 'cloud-init-21.1-7.el8']);
  });

  it('disks-usage: int bytes, network mounts included, ignored fs and empty fs left out, mapping by serial', async () => {
    const usage = async (p: string) => (p === '/empty' ? { usedBytes: 0n, totalBytes: 0n, totalBytesPrivileged: 0n } : { usedBytes: 5n, totalBytes: 9n, totalBytesPrivileged: 10n });
    const mounts = [
      { dirname: '/', devtype: 'ext4', source: '/dev/vda1' },
      { dirname: '/run', devtype: 'tmpfs', source: 'tmpfs' },
      { dirname: '/empty', devtype: 'ext4', source: '/dev/vdb' },
      { dirname: '/', devtype: 'ext4', source: '/dev/vda1' },
      { dirname: '/mnt/nfs', devtype: 'nfs4', source: 'srv:/export' },
    ];
    expect(await disksUsage(mounts, usage, { ignoredFs: ['tmpfs'], ignoreZeroSizeFs: true })).toEqual([
      { path: '/', fs: 'ext4', total: 10n, used: 5n },
      { path: '/mnt/nfs', fs: 'nfs4', total: 10n, used: 5n },
    ]);
    expect((await disksUsage(mounts, usage, { ignoredFs: ['tmpfs'], ignoreZeroSizeFs: false })).map((d) => d.path)).toEqual(['/', '/empty', '/mnt/nfs']);
    expect(diskMapping([{ serial: 's1', devnode: '/dev/vda' }, { serial: 's1', devnode: '/dev/vdz' }])).toEqual({ s1: { name: '/dev/vda' } });
  });

  it('memory: free-ram a string of MiB; memory-stat ints with per-second rates', () => {
    const m = { memTotal: 2048, memFree: 1024, buffers: 512, cached: 600, swapTotal: 100, swapFree: 40 };
    expect(freeRam(m)).toBe('2');
    const vm = (f: number) => ({ pswpin: f, pswpout: 0, pgfault: f * 10, pgmajfault: 0 });
    expect(memoryStat(m, { at: 10000, vm: vm(50) }, { at: 5000, vm: vm(0) })).toEqual({
      mem_total: 2048, mem_free: 2136, mem_unused: 1024, mem_buffers: 512, mem_cached: 600, swap_total: 100, swap_usage: 60, swap_in: 10, swap_out: 0, pageflt: 100, majflt: 0,
    });
  });

  it('os-info and timezone fields', () => {
    expect(osInfoFields({ kernelRelease: '6.1.0-18-amd64', machine: 'i686', name: 'Debian GNU/Linux', versionId: '12', version: '12 (bookworm)' })).toEqual({
      version: '12', distribution: 'Debian GNU/Linux', codename: 'bookworm', arch: 'x86', type: 'linux', kernel: '6.1.0-18-amd64',
    });
    expect(timezoneFields({ zone: 'America/Argentina/Buenos_Aires', standardOffset: -10800 })).toEqual({ zone: 'America/Argentina/Buenos_Aires', offset: -180 });
  });

  it('active-user: the active seat0 session, not the alphabetically first', () => {
    expect(activeUserOf([loginSession({ id: '1', user: 'adam' }), loginSession({ id: '2', user: 'zoe', active: true }), loginSession({ id: 'c1', user: 'gdm', class: 'greeter', active: true })])).toBe('zoe');
    expect(activeUserOf([loginSession({ id: 'c1', user: 'gdm', class: 'greeter', active: true })])).toBe('None');
    expect(activeUserOf([])).toBe('None');
  });
});
