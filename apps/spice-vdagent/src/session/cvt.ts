/**
 * A reduced-blanking CVT mode line for width × height at 60 Hz, the timing
 * model xf86cvt.c (and x11-randr.c after it) uses for modes it creates
 * with RRCreateMode. Only width and height matter to a virtual GPU; the
 * timings just have to be plausible.
 */

export interface ModeLine {
  width: number;
  height: number;
  dot_clock: number;
  h_sync_start: number;
  h_sync_end: number;
  h_total: number;
  v_sync_start: number;
  v_sync_end: number;
  v_total: number;
}

const MIN_VBLANK_US = 460;
const H_BLANK = 160;
const H_SYNC = 32;
const V_FRONT_PORCH = 3;
const V_SYNC = 10;
const MIN_V_BACK_PORCH = 6;
const CLOCK_STEP_KHZ = 250;

export function reducedCvtMode(width: number, height: number): ModeLine {
  const w = width - (width % 8);
  const hPeriodUs = (1_000_000 / 60 - MIN_VBLANK_US) / height;
  const vblank = Math.max(Math.floor(MIN_VBLANK_US / hPeriodUs) + 1, V_FRONT_PORCH + V_SYNC + MIN_V_BACK_PORCH);
  const hTotal = w + H_BLANK;
  const hSyncEnd = w + H_BLANK / 2;
  const khz = Math.floor((hTotal * 1000) / hPeriodUs);
  return {
    width: w,
    height,
    // RRCreateMode takes Hz.
    dot_clock: (khz - (khz % CLOCK_STEP_KHZ)) * 1000,
    h_sync_start: hSyncEnd - H_SYNC,
    h_sync_end: hSyncEnd,
    h_total: hTotal,
    v_sync_start: height + V_FRONT_PORCH,
    v_sync_end: height + V_FRONT_PORCH + V_SYNC,
    v_total: height + vblank,
  };
}
