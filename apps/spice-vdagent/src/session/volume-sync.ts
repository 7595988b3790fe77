/**
 * VDAgentAudioVolumeSync as udscs carries it: u8 is_playback, u8 mute,
 * u8 nchannels, then nchannels × u16 volume (unaligned, host order).
 * Undefined when shorter than its channel count says.
 */
export interface VolumeSync {
  playback: boolean;
  mute: boolean;
  volumes: number[];
}

export function parseVolumeSync(data: Buffer): VolumeSync | undefined {
  if (data.length < 3) return undefined;
  const n = data[2]!;
  if (data.length < 3 + 2 * n) return undefined;
  const volumes: number[] = [];
  for (let i = 0; i < n; i++) volumes.push(data.readUInt16LE(3 + 2 * i));
  return { playback: data[0] !== 0, mute: data[1] !== 0, volumes };
}
