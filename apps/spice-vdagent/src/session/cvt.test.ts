import { describe, expect, it } from '@jest/globals';
import { reducedCvtMode } from './cvt.js';

describe('reduced CVT mode', () => {
  it('gives cvt -r 1024x768 timings (56 MHz, 1184 x 790)', () => {
    expect(reducedCvtMode(1024, 768)).toEqual({ width: 1024, height: 768, dot_clock: 56_000_000, h_sync_start: 1072, h_sync_end: 1104, h_total: 1184, v_sync_start: 771, v_sync_end: 781, v_total: 790 });
  });
  it('rounds the width down to 8', () => {
    expect(reducedCvtMode(1366, 768).width).toBe(1360);
  });
});
