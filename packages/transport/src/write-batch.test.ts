import { describe, expect, it } from '@jest/globals';
import { WriteBatch } from './write-batch.js';

describe('WriteBatch', () => {
  it('takes buffers up to 64 KiB (any one buffer when empty) and joins them in order', async () => {
    const b = new WriteBatch();
    expect(b.fits(1 << 20)).toBe(true);
    b.add(Buffer.from('ab'));
    b.add(Buffer.from('c'));
    expect(b.join().toString()).toBe('abc');
    expect(b.fits(WriteBatch.BYTES - 3)).toBe(true);
    expect(b.fits(WriteBatch.BYTES - 2)).toBe(false);
    b.resolve();
    await expect(b.done).resolves.toBeUndefined();
  });

  it('settles one promise for all its buffers, rejection included', async () => {
    const b = new WriteBatch();
    b.add(Buffer.from('x'));
    b.reject(new Error('EPIPE'));
    await expect(b.done).rejects.toThrow('EPIPE');
  });
});
