import { describe, expect, it } from '@jest/globals';
import { getFqdn } from './fqdn.js';

describe('getFqdn', () => {
  it('keeps a dotted host name', async () => {
    expect(await getFqdn({ hostname: () => 'vm1.example.com', lookup: async () => { throw new Error('not called'); } })).toBe('vm1.example.com');
  });
  it('resolves a short name forward and back', async () => {
    const calls: string[] = [];
    const fqdn = await getFqdn({
      hostname: () => 'vm1',
      lookup: async (n) => (calls.push(`lookup ${n}`), '192.0.2.10'),
      reverse: async (a) => (calls.push(`reverse ${a}`), 'vm1.example.com'),
    });
    expect(fqdn).toBe('vm1.example.com');
    expect(calls).toEqual(['lookup vm1', 'reverse 192.0.2.10']);
  });
  it('falls back to the host name when resolution fails, answers undotted or hangs', async () => {
    expect(await getFqdn({ hostname: () => 'vm1', lookup: async () => { throw new Error('ENOTFOUND'); } })).toBe('vm1');
    expect(await getFqdn({ hostname: () => 'vm1', lookup: async () => '127.0.1.1', reverse: async () => 'vm1' })).toBe('vm1');
    expect(await getFqdn({ hostname: () => 'vm1', lookup: () => new Promise(() => {}), timeoutMs: 10 })).toBe('vm1');
  });
  it('answers for the real machine', async () => {
    expect((await getFqdn()).length).toBeGreaterThan(0);
  });
});
