import { describe, expect, it } from '@jest/globals';
import { MAX_MESSAGE_SIZE, pyInt, VdsmModel } from './vdsm-model.js';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('VdsmModel (guestagent.py rules)', () => {
  it('marks the guest Up on a heartbeat and negotiates the version', () => {
    const sent: unknown[] = [];
    const m = new VdsmModel({ forward: (n, a) => sent.push([n, a]) });
    m.handleData(b('{"__name__": "heartbeat", "free-ram": "23677", "apiVersion": 0, "memory-stat": {"mem_total": 10, "mem_unused": 7, "swap_in": 0}}\n'));
    expect(m.guestStatus).toBe('Up');
    expect(m.guestInfo.memUsage).toBe(23677);
    expect(m.guestInfo.memoryStats).toEqual({ mem_total: '10', mem_unused: '7', mem_free: '7', swap_in: '0' });
    expect(sent).toEqual([]);
    m.handleData(b('{"__name__": "heartbeat", "free-ram": "1", "apiVersion": 3}\n'));
    expect(sent).toEqual([['api-version', { apiVersion: 3 }]]);
    expect(m.effectiveApiVersion).toBe(3);
    m.handleData(b('{"__name__": "heartbeat", "free-ram": "1"}\n'));
    expect(m.effectiveApiVersion).toBe(0);
  });

  it('drops malformed lines; a missing required field loses the rest of the chunk', () => {
    const m = new VdsmModel();
    expect(m.handleData(b('garbage\n{"__name__": "fqdn", "fqdn": "a.b"}\n'))).toBe(true);
    expect(m.guestInfo.guestFQDN).toBe('a.b');
    expect(m.handleData(b('[1, 2]\n{"__name__": "fqdn", "fqdn": "lost"}\n'))).toBe(false);
    expect(m.guestInfo.guestFQDN).toBe('a.b');
    expect(m.handleData(b('{"__name__": "host-name"}\n{"__name__": "fqdn", "fqdn": "lost"}\n'))).toBe(false);
    expect(m.handleData(b('{"__name__": "number-of-cpus", "count": "x"}\n{"__name__": "fqdn", "fqdn": "kept"}\n'))).toBe(true);
    expect(m.guestInfo.guestFQDN).toBe('kept');
    expect(m.log.map((l) => l.text).join('\n')).toMatch(/Expecting value[\s\S]*Exception on read callback[\s\S]*invalid literal for int/);
  });

  it('discards a tail reaching 1 MiB and resumes after its newline', () => {
    const m = new VdsmModel();
    const big = Buffer.alloc(MAX_MESSAGE_SIZE + 10, 0x61);
    for (let o = 0; o < big.length; o += 65536) m.handleData(big.subarray(o, o + 65536));
    m.handleData(b('\n{"__name__": "fqdn", "fqdn": "after"}\n'));
    expect(m.guestInfo.guestFQDN).toBe('after');
    expect(m.log.map((l) => l.level)).toEqual(['warning', 'warning']);
  });

  it('stores disks as strings, interfaces with defaults and guestIPs, applications, sessions', () => {
    const m = new VdsmModel();
    m.handleData(b('{"__name__": "disks-usage", "disks": [{"path": "/", "fs": "ext4", "total": 270553174016, "used": 1}], "mapping": {"s": {"name": "/dev/vda"}}}\n'));
    m.handleData(b('{"__name__": "network-interfaces", "interfaces": [{"name": "eth0", "hw": "x", "inet": ["192.0.2.1", "192.0.2.2"]}]}\n'));
    m.handleData(b('{"__name__": "applications", "applications": ["a-1"]}\n{"__name__": "session-lock"}\n{"__name__": "active-user", "name": "alice"}\n'));
    expect(m.guestInfo.disksUsage).toEqual([{ path: '/', fs: 'ext4', total: '270553174016', used: '1' }]);
    expect(m.guestDiskMapping).toEqual({ s: { name: '/dev/vda' } });
    expect(m.guestInfo.netIfaces).toEqual([{ name: 'eth0', hw: 'x', inet: ['192.0.2.1', '192.0.2.2'], inet6: [] }]);
    expect(m.guestInfo.guestIPs).toBe('192.0.2.1 192.0.2.2');
    expect(m.guestInfo.appsList).toEqual(['a-1']);
    expect(m.guestInfo.session).toBe('Locked');
    expect(m.guestInfo.username).toBe('alice');
    m.handleData(b('{"__name__": "uninstalled"}\n{"__name__": "echo"}\n'));
    expect(m.guestInfo.appsList).toEqual([]);
    expect(m.log.at(-1)).toEqual({ level: 'error', text: 'Unknown message type echo' });
  });

  it('filters XML characters after decoding; invalid UTF-8 becomes U+FFFD', () => {
    const m = new VdsmModel();
    m.handleData(Buffer.concat([b('{"__name__": "host-name", "name": "caf'), Buffer.from([0xc3, 0xa9, 0x2d, 0xff, 0xfe]), b('-ok"}\n')]));
    m.handleData(b('{"__name__": "os-version", "version": "a\\u0001b\\u0085c\\ud800d"}\n'));
    expect(m.guestInfo.guestName).toBe('caf\u00e9-\ufffd\ufffd-ok');
    expect(m.guestInfo.guestOs).toBe('a\ufffdb\u0085c\ufffdd');
  });

  it('responsiveness: a parsed line in the last 120 s', () => {
    let now = 1000;
    const m = new VdsmModel({ now: () => now });
    expect(m.isResponsive()).toBe(false);
    m.handleData(b('{"__name__": "session-startup"}\n'));
    now += 119;
    expect(m.isResponsive()).toBe(true);
    now += 2;
    expect(m.isResponsive()).toBe(false);
    expect(m.getGuestInfo().username).toBe('Unknown');
  });

  it('int() like Python', () => {
    expect([pyInt('42'), pyInt(3.9), pyInt(true)]).toEqual([42, 3, 1]);
    expect(() => pyInt('4.2')).toThrow(/invalid literal/);
    expect(() => pyInt(null)).toThrow(/NoneType/);
  });
});
