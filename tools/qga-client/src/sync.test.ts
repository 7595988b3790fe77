import { describe, expect, it } from '@jest/globals';
import { RxQueue } from './rx-queue.js';
import { delimitedSync, libvirtSync, randomSyncId } from './sync.js';

const rxOf = (...parts: string[]): RxQueue => {
  const q = new RxQueue();
  for (const p of parts) q.push(Buffer.from(p, 'latin1'));
  return q;
};

describe('sync attempts', () => {
  it('delimited: 0xFF first, id as an integer literal beyond 2^53', () => {
    const a = delimitedSync(9007199254740993n);
    expect(a.request.toString('latin1')).toBe('\xff{"execute":"guest-sync-delimited","arguments":{"id":9007199254740993}}\n');
  });

  it('delimited: ignores everything before the last 0xFF and other ids after it', () => {
    const a = delimitedSync(5n);
    const rx = rxOf('{"return": 5}\n', 'junk\xff{"return": 4}\n');
    expect(a.take(rx)).toBeUndefined(); // a 5 before any 0xFF does not count
    rx.push(Buffer.from('{"error": {}}\n\xff{"return": 5}\n', 'latin1'));
    expect(a.take(rx)).toBe(true);
  });

  it('libvirt: no 0xFF, libvirt spacing, unparsable lines skipped', () => {
    const a = libvirtSync(1700000000000n);
    expect(a.request.toString()).toBe('{"execute":"guest-sync", "arguments":{"id":1700000000000}}\n');
    expect(a.take(rxOf('garbage\n{"return": 1}\n{"return": 1700000000000}\n'))).toBe(true);
  });

  it('random ids stay below 2^63', () => {
    for (let i = 0; i < 1000; i++) {
      const id = randomSyncId();
      expect(id >= 0n && id < 2n ** 63n).toBe(true);
    }
  });
});
