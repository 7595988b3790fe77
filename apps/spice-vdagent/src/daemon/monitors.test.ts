import { describe, expect, it } from '@jest/globals';
import { monitorsGeometry, sessionMonitorsConfig } from './monitors.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
// V5 payload: 2 heads, USE_POS | PHYSICAL_SIZE, with MonitorMM.
const V5 = hex('02000000 03000000 00030000 00040000 20000000 00000000 00000000 58020000 20030000 20000000 00040000 00000000 be005401 96000e01');

describe('monitors config', () => {
  it('strips PHYSICAL_SIZE into the form spice-vdagent takes', () => {
    expect(sessionMonitorsConfig(V5, 2)).toEqual(Buffer.concat([hex('02000000 01000000'), V5.subarray(8, 48)]));
  });

  it('lays out the desktop from positions, or left to right without USE_POS, skipping disabled heads', () => {
    const monitors = [{ width: 1024, height: 768, x: 0, y: 0 }, { width: 0, height: 0, x: 0, y: 0 }, { width: 800, height: 600, x: 5, y: 900 }];
    expect(monitorsGeometry({ flags: 1, monitors })).toEqual({
      width: 1024, height: 1500,
      screens: [{ width: 1024, height: 768, x: 0, y: 0, display_id: 0 }, { width: 800, height: 600, x: 5, y: 900, display_id: 2 }],
    });
    expect(monitorsGeometry({ flags: 0, monitors })?.screens[1]).toEqual({ width: 800, height: 600, x: 1024, y: 0, display_id: 2 });
    expect(monitorsGeometry({ flags: 1, monitors: [{ width: 0, height: 0, x: 0, y: 0 }] })).toBeUndefined();
  });
});
