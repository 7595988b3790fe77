import { describe, expect, it } from '@jest/globals';
import { MouseTracker } from './mouse.js';

const screens = [{ width: 1024, height: 768, x: 0, y: 0, display_id: 0 }, { width: 800, height: 600, x: 1024, y: 0, display_id: 1 }];

describe('MouseTracker', () => {
  it('emits only what changed, button edges, a wheel step per rising edge, then SYN', () => {
    const t = new MouseTracker();
    expect(t.events({ x: 100, y: 200, buttons: 0x02, display_id: 0 }, screens)).toEqual([
      { type: 3, code: 0, value: 100 }, { type: 3, code: 1, value: 200 }, { type: 1, code: 0x110, value: 1 }, { type: 0, code: 0, value: 0 },
    ]);
    expect(t.events({ x: 100, y: 200, buttons: 0x02 | 0x10 | 0x08, display_id: 0 }, screens)).toEqual([
      { type: 1, code: 0x111, value: 1 }, { type: 2, code: 8, value: 1 }, { type: 0, code: 0, value: 0 },
    ]);
    // Holding the wheel bit is no new step; dropping it is none either.
    expect(t.events({ x: 100, y: 200, buttons: 0x02 | 0x10 | 0x08, display_id: 0 }, screens)).toEqual([{ type: 0, code: 0, value: 0 }]);
    expect(t.events({ x: 10, y: 200, buttons: 0x20 | 0x40 | 0x80, display_id: 1 }, screens)).toEqual([
      { type: 3, code: 0, value: 1034 }, { type: 1, code: 0x110, value: 0 }, { type: 1, code: 0x111, value: 0 },
      { type: 1, code: 0x113, value: 1 }, { type: 1, code: 0x114, value: 1 }, { type: 2, code: 8, value: -1 }, { type: 0, code: 0, value: 0 },
    ]);
  });

  it('drops events for an unknown monitor', () => {
    expect(new MouseTracker().events({ x: 1, y: 1, buttons: 0, display_id: 7 }, screens)).toBe('mouse event for unknown monitor 7');
  });
});
