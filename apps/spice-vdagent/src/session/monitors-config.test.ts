import { describe, expect, it } from '@jest/globals';
import { parseMonitorsConfig, planLayout } from './monitors-config.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
// V4 / V5 payloads (after the 20-byte message header).
const V4 = hex('02000000 01000000 00030000 00040000 20000000 00000000 00000000 58020000 20030000 20000000 00040000 00000000');
const V5 = hex('02000000 03000000 00030000 00040000 20000000 00000000 00000000 58020000 20030000 20000000 00040000 00000000 be005401 96000e01');
const RANGE = { minWidth: 320, minHeight: 200, maxWidth: 8192, maxHeight: 8192 };

describe('monitors config', () => {
  it('parses V4 and the PHYSICAL_SIZE variant V5', () => {
    expect(parseMonitorsConfig(V4)).toEqual({ flags: 1, monitors: [{ width: 1024, height: 768, x: 0, y: 0 }, { width: 800, height: 600, x: 1024, y: 0 }] });
    expect(parseMonitorsConfig(V5)!.monitors.map((m) => m.mm)).toEqual([{ width: 340, height: 190 }, { width: 270, height: 150 }]);
    expect(parseMonitorsConfig(V5.subarray(0, 20))).toBeUndefined();
    expect(parseMonitorsConfig(hex('ffffffff 00000000'))).toBeUndefined();
  });

  it('plans the layout like x11-randr.c: capped outputs, rounded, zero based, 96 dpi without mm', () => {
    const l = planLayout(parseMonitorsConfig(V4)!, 4, RANGE)!;
    expect(l.outputs).toEqual([{ width: 1024, height: 768, x: 0, y: 0 }, { width: 800, height: 600, x: 1024, y: 0 }, { width: 0, height: 0, x: 0, y: 0 }, { width: 0, height: 0, x: 0, y: 0 }]);
    expect([l.width, l.height, l.mmWidth, l.mmHeight]).toEqual([1824, 768, 483, 203]);
    const one = planLayout(parseMonitorsConfig(V4)!, 1, RANGE)!;
    expect([one.width, one.height, one.outputs.length]).toEqual([1024, 768, 1]);
    const moved = planLayout({ flags: 1, monitors: [{ width: 803, height: 100, x: 100, y: 50 }] }, 1, RANGE)!;
    expect(moved.outputs[0]).toEqual({ width: 800, height: 200, x: 0, y: 0 });
    const noPos = planLayout({ flags: 0, monitors: [{ width: 640, height: 480, x: 9, y: 9 }, { width: 640, height: 480, x: 0, y: 0 }] }, 2, RANGE)!;
    expect(noPos.outputs.map((o) => o.x)).toEqual([0, 640]);
  });

  it('takes the screen size in mm from the client when it sent one', () => {
    const l = planLayout(parseMonitorsConfig(V5)!, 2, RANGE)!;
    expect([l.mmWidth, l.mmHeight]).toEqual([606, 190]);
  });

  it('ignores an all-disabled config', () => {
    expect(planLayout({ flags: 0, monitors: [{ width: 0, height: 0, x: 0, y: 0 }] }, 1, RANGE)).toBeUndefined();
  });
});
