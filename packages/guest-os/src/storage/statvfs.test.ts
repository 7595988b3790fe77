import { describe, it, expect } from '@jest/globals';
import { fsUsage } from './statvfs.js';

describe('fsUsage', () => {
  it('computes used and non-root total the way qemu-ga does', async () => {
    const u = await fsUsage('/x', {
      statfs: async () => ({ bsize: 4096n, blocks: 1000n, bfree: 300n, bavail: 250n }),
    });
    expect(u).toEqual({ usedBytes: 700n * 4096n, totalBytes: 950n * 4096n, totalBytesPrivileged: 1000n * 4096n });
  });

  it('gives up on a statfs that never answers (hung NFS) instead of hanging', async () => {
    const u = await fsUsage('/hung', { statfs: () => new Promise(() => undefined), timeoutMs: 20 });
    expect(u).toBeUndefined();
  });

  it('omits sizes when statfs fails, and measures / on this machine', async () => {
    expect(await fsUsage('/nonexistent-mount-point')).toBeUndefined();
    const root = await fsUsage('/');
    expect(root!.totalBytes).toBeGreaterThan(0n);
    expect(root!.usedBytes).toBeLessThanOrEqual(root!.totalBytesPrivileged);
  });
});
