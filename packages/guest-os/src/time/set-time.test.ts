import { describe, expect, it } from '@jest/globals';
import { exit, fakeRunner, killed } from '../exec/fake-runner.js';
import { setGuestTime } from './set-time.js';

function deps(run = fakeRunner(), hwclock = true) {
  const sets: [bigint, bigint][] = [];
  return {
    sets,
    run,
    d: {
      run,
      accessExec: async () => {
        if (!hwclock) throw Object.assign(new Error('x'), { code: 'ENOENT' });
      },
      settimeofday: (s: bigint, u: bigint) => {
        // the kernel refuses times before boot with EINVAL
        if (s < 100n) throw Object.assign(new Error('x'), { errno: -22 });
        sets.push([s, u]);
      },
    },
  };
}

describe('setGuestTime (recording fakes, never touches the clock)', () => {
  it('sets the time then copies it to the RTC', async () => {
    const t = deps();
    await setGuestTime(1_700_000_000_123_456_789n, t.d);
    expect(t.sets).toEqual([[1_700_000_000n, 123_456n]]);
    expect(t.run.calls).toEqual([{ file: '/sbin/hwclock', args: ['-w'], argv0: 'hwclock' }]);
  });

  it('without a time, loads the system clock from the RTC', async () => {
    const t = deps();
    await setGuestTime(undefined, t.d);
    expect(t.sets).toEqual([]);
    expect(t.run.calls).toEqual([{ file: '/sbin/hwclock', args: ['-s'], argv0: 'hwclock' }]);
  });

  it('answers qemu-ga texts', async () => {
    await expect(setGuestTime(1n, deps(fakeRunner(), false).d)).rejects.toThrow(
      'this feature or command is not currently supported',
    );
    const late = deps();
    await expect(setGuestTime(3_200_000_000_000_000_000n, late.d)).rejects.toThrow('Invalid time');
    await expect(setGuestTime(-31_536_000_000_000_000n, late.d)).rejects.toThrow('Invalid time');
    expect(late.sets).toEqual([]);
    expect(late.run.calls).toEqual([]);
    await expect(setGuestTime(-5n, deps().d)).rejects.toThrow('Failed to set time to guest: Invalid argument');
    await expect(setGuestTime(undefined, deps(fakeRunner(() => exit(1))).d)).rejects.toThrow(
      'hwclock failed to set hardware clock to system time',
    );
    await expect(setGuestTime(undefined, deps(fakeRunner(() => killed(9))).d)).rejects.toThrow(
      'child process has terminated abnormally',
    );
  });
});
