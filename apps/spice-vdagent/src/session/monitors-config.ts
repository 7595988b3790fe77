/**
 * VDAgentMonitorsConfig as the daemon forwards it (8 + 20·n bytes; with the
 * PHYSICAL_SIZE flag, n × {u16 height_mm, u16 width_mm} may follow), and the
 * layout x11-randr.c derives from it: trailing disabled monitors dropped,
 * the count capped at the outputs, x and width rounded down to 8, sizes
 * clamped to the screen range, the whole moved to 0,0; without USE_POS the
 * monitors sit left to right.
 */

export const MONITORS_FLAG = { USE_POS: 0x1, PHYSICAL_SIZE: 0x2 } as const;

export interface MonitorRequest {
  width: number;
  height: number;
  x: number;
  y: number;
  /** Physical size in mm, when the client sent it. */
  mm?: { width: number; height: number };
}

export interface MonitorsConfig {
  flags: number;
  monitors: MonitorRequest[];
}

const HEADER = 8;
const MONITOR = 20;
const MM = 4;
/** The server's cap (spice-vdagent.md §1.3). */
const MAX_MONITORS = 256;

/** Undefined when the buffer is shorter than it claims or absurd. */
export function parseMonitorsConfig(data: Buffer): MonitorsConfig | undefined {
  if (data.length < HEADER) return undefined;
  const n = data.readUInt32LE(0);
  const flags = data.readUInt32LE(4);
  if (n > MAX_MONITORS || data.length < HEADER + MONITOR * n) return undefined;
  const withMm = (flags & MONITORS_FLAG.PHYSICAL_SIZE) !== 0 && data.length >= HEADER + (MONITOR + MM) * n;
  const monitors: MonitorRequest[] = [];
  for (let i = 0; i < n; i++) {
    const off = HEADER + MONITOR * i;
    const m: MonitorRequest = { height: data.readUInt32LE(off), width: data.readUInt32LE(off + 4), x: data.readInt32LE(off + 12), y: data.readInt32LE(off + 16) };
    if (withMm) {
      const mo = HEADER + MONITOR * n + MM * i;
      const mm = { height: data.readUInt16LE(mo), width: data.readUInt16LE(mo + 2) };
      if (mm.width > 0 && mm.height > 0) m.mm = mm;
    }
    monitors.push(m);
  }
  return { flags, monitors };
}

export interface ScreenRange {
  minWidth: number;
  minHeight: number;
  maxWidth: number;
  maxHeight: number;
}

/** One output's wanted state: disabled (width 0) or a mode at a position. */
export interface PlannedOutput {
  width: number;
  height: number;
  x: number;
  y: number;
}

export interface Layout {
  /** Index = display id = output index (no GRAPHICS_DEVICE_INFO mapping). */
  outputs: PlannedOutput[];
  width: number;
  height: number;
  /** Screen size in mm: from the client's physical sizes, else 96 dpi as the original. */
  mmWidth: number;
  mmHeight: number;
}

const clamp = (lo: number, v: number, hi: number) => Math.min(Math.max(v, lo), hi);
const enabled = (m: { width: number; height: number }) => m.width !== 0 && m.height !== 0;

/** Undefined when every monitor is disabled (the original ignores such a config). */
export function planLayout(cfg: MonitorsConfig, outputCount: number, range: ScreenRange): Layout | undefined {
  let last = -1;
  cfg.monitors.forEach((m, i) => {
    if (enabled(m)) last = i;
  });
  if (last < 0) return undefined;
  const wanted = cfg.monitors.slice(0, Math.min(last + 1, outputCount));
  if (!wanted.some(enabled)) return undefined;
  const usePos = (cfg.flags & MONITORS_FLAG.USE_POS) !== 0;
  let nextX = 0;
  const outs: PlannedOutput[] = wanted.map((m) => {
    if (!enabled(m)) return { width: 0, height: 0, x: 0, y: 0 };
    const width = clamp(range.minWidth, m.width & ~7, range.maxWidth);
    const height = clamp(range.minHeight, m.height, range.maxHeight);
    const x = usePos ? m.x & ~7 : nextX;
    const y = usePos ? m.y : 0;
    nextX = x + width;
    return { width, height, x, y };
  });
  const on = outs.filter(enabled);
  const minX = Math.min(...on.map((o) => o.x));
  const minY = Math.min(...on.map((o) => o.y));
  for (const o of on) {
    o.x -= minX;
    o.y -= minY;
  }
  const width = clamp(range.minWidth, Math.max(...on.map((o) => o.x + o.width)), range.maxWidth);
  const height = clamp(range.minHeight, Math.max(...on.map((o) => o.y + o.height)), range.maxHeight);
  for (let i = outs.length; i < outputCount; i++) outs.push({ width: 0, height: 0, x: 0, y: 0 });
  // Pixels per mm of the first monitor that has a physical size, spread over the whole screen.
  const sized = wanted.find((m) => enabled(m) && m.mm);
  const mmWidth = sized?.mm ? Math.round((width * sized.mm.width) / sized.width) : Math.round((25.4 * width) / 96);
  const mmHeight = sized?.mm ? Math.round((height * sized.mm.height) / sized.height) : Math.round((25.4 * height) / 96);
  return { outputs: outs, width, height, mmWidth, mmHeight };
}
