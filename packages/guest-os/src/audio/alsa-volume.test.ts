import { describe, expect, it } from '@jest/globals';
import { fakeRunner } from '../exec/fake-runner.js';
import { alsaVolume, amixerArgs } from './alsa-volume.js';

describe('ALSA volume sync', () => {
  it('scales each channel to percent and maps mute to the switch', () => {
    expect(amixerArgs(true, false, [0x7fff, 0xffff])).toEqual(['-q', 'sset', 'Master', '50%,100%', 'unmute']);
    expect(amixerArgs(false, true, [0])).toEqual(['-q', 'sset', 'Capture', '0%', 'nocap']);
    expect(amixerArgs(true, true, [])).toEqual(['-q', 'sset', 'Master', 'mute']);
  });

  it('runs amixer and reports a missing program as failure', async () => {
    const ok = fakeRunner();
    expect(await alsaVolume(ok).set(true, false, [0xffff])).toBe(true);
    expect(ok.calls).toEqual([{ file: 'amixer', args: ['-q', 'sset', 'Master', '100%', 'unmute'] }]);
    expect(await alsaVolume(fakeRunner(() => 'ENOENT')).set(true, false, [1])).toBe(false);
    expect(await alsaVolume(fakeRunner(() => ({ exitCode: 1, signal: null }))).set(false, false, [1])).toBe(false);
  });
});
