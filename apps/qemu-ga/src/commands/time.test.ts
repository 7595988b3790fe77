import { describe, expect, it } from '@jest/globals';
import { fakeRunner } from '@ga/guest-os/testing/fake-runner';
import { createTimeHandlers } from './time.js';
import { fakeContext } from '../__fixtures__/fake-context.js';

describe('guest-set-time handler (recording fakes, the clock is never touched)', () => {
  it('passes the lossless ns value to settimeofday, then hwclock -w', async () => {
    const sets: [bigint, bigint][] = [];
    const run = fakeRunner();
    const h = createTimeHandlers({ run, accessExec: async () => undefined, settimeofday: (s, u) => sets.push([s, u]) });
    await h['guest-set-time']({ time: 1_700_000_000_999_999_999n }, fakeContext({ stateDir: '/s' }));
    expect(sets).toEqual([[1_700_000_000n, 999_999n]]);
    expect(run.calls).toEqual([{ file: '/sbin/hwclock', args: ['-w'], argv0: 'hwclock' }]);
    await expect(h['guest-set-time']({ time: 3_200_000_000_000_000_000n }, fakeContext({ stateDir: '/s' }))).rejects.toThrow('Invalid time');
  });
});
