/**
 * MONITORS_CONFIG helpers: the form session agents take, and the desktop
 * geometry the pointer uses when no session agent reported one.
 */
import type { ScreenInfo } from '@ga/framing/udscs-protocol';

const USE_POS = 0x1;
const PHYSICAL_SIZE = 0x2;
const HEADER = 8;
const MONITOR = 20;

/**
 * The payload as VDAgentMonitorsConfig without the MonitorMM array: what
 * spice-vdagent 0.22.1 expects over udscs (8 + 20·n bytes), flag cleared.
 */
export function sessionMonitorsConfig(payload: Buffer, count: number): Buffer {
  const out = Buffer.from(payload.subarray(0, HEADER + MONITOR * count));
  out.writeUInt32LE(out.readUInt32LE(4) & ~PHYSICAL_SIZE, 4);
  return out;
}

interface Monitor {
  width: number;
  height: number;
  x: number;
  y: number;
}

/**
 * Screens (display_id = index) and the bounding desktop size; without
 * USE_POS the monitors sit left to right, as the session agent lays them out.
 * Undefined when every monitor is disabled.
 */
export function monitorsGeometry(fields: Record<string, unknown>): { width: number; height: number; screens: ScreenInfo[] } | undefined {
  const monitors = fields.monitors as Monitor[];
  const usePos = ((fields.flags as number) & USE_POS) !== 0;
  const screens: ScreenInfo[] = [];
  let nextX = 0;
  monitors.forEach((m, i) => {
    if (m.width === 0 || m.height === 0) return;
    const x = usePos ? m.x : nextX;
    const y = usePos ? m.y : 0;
    nextX = x + m.width;
    screens.push({ width: m.width, height: m.height, x, y, display_id: i });
  });
  if (screens.length === 0) return undefined;
  const width = Math.max(...screens.map((s) => s.x + s.width));
  const height = Math.max(...screens.map((s) => s.y + s.height));
  return { width, height, screens };
}
