/**
 * Client volume onto the guest's ALSA mixer, as spice-vdagent 0.22.1's
 * audio.c does it: playback on the "Master" control, record on "Capture",
 * one value per channel (the client's u16 0..65535 scaled to percent) and
 * the mute flag as the control's switch. Done with amixer(1) through the
 * injectable runner; a guest without ALSA or amixer just reports failure.
 */
import { runCommand } from '../exec/run-command.js';
import type { CommandRunner } from '../exec/run-command.js';

export interface VolumeSetter {
  /** True when the mixer took it. */
  set(playback: boolean, mute: boolean, volumes: readonly number[]): Promise<boolean>;
}

export function amixerArgs(playback: boolean, mute: boolean, volumes: readonly number[]): string[] {
  const pct = volumes.map((v) => `${Math.round((Math.min(Math.max(v, 0), 0xffff) * 100) / 0xffff)}%`);
  const control = playback ? 'Master' : 'Capture';
  const onOff = playback ? (mute ? 'mute' : 'unmute') : mute ? 'nocap' : 'cap';
  return ['-q', 'sset', control, ...(pct.length > 0 ? [pct.join(',')] : []), onOff];
}

export function alsaVolume(run: CommandRunner = runCommand, amixer = 'amixer'): VolumeSetter {
  return {
    async set(playback, mute, volumes) {
      try {
        const r = await run(amixer, amixerArgs(playback, mute, volumes));
        return r.exitCode === 0;
      } catch {
        return false;
      }
    },
  };
}
