import { describe, expect, it } from '@jest/globals';
import { parseVolumeSync } from './volume-sync.js';

describe('audio volume sync payload', () => {
  it('reads V19 (playback, unmuted, 2 × 0x7fff)', () => {
    expect(parseVolumeSync(Buffer.from('010002ff7fff7f', 'hex'))).toEqual({ playback: true, mute: false, volumes: [0x7fff, 0x7fff] });
  });
  it('refuses a channel count longer than the data', () => {
    expect(parseVolumeSync(Buffer.from('000103ffff', 'hex'))).toBeUndefined();
    expect(parseVolumeSync(Buffer.from('01', 'hex'))).toBeUndefined();
  });
});
