/**
 * udscs, the UNIX-socket protocol between spice-vdagentd and each session
 * agent (spice-vdagent 0.22.1 `src/vdagentd-proto.h`, spice-vdagent.md §4.4):
 * a 16-byte header of four u32 in host byte order (type, arg1, arg2, size)
 * then `size` data bytes. Both sides of the socket use this file.
 */

/** Message types, in vdagentd-proto.h's enum order (the value is the wire id). */
export const UDSCS = {
  GUEST_XORG_RESOLUTION: 0,
  MONITORS_CONFIG: 1,
  CLIPBOARD_GRAB: 2,
  CLIPBOARD_REQUEST: 3,
  CLIPBOARD_DATA: 4,
  CLIPBOARD_RELEASE: 5,
  VERSION: 6,
  AUDIO_VOLUME_SYNC: 7,
  FILE_XFER_START: 8,
  FILE_XFER_STATUS: 9,
  FILE_XFER_DATA: 10,
  FILE_XFER_DISABLE: 11,
  CLIENT_DISCONNECTED: 12,
  GRAPHICS_DEVICE_INFO: 13,
} as const;
export type UdscsName = keyof typeof UDSCS;

const NAMES = Object.fromEntries(Object.entries(UDSCS).map(([k, v]) => [v, k])) as Record<number, UdscsName>;

/** The name of a wire type id, or `unknown(N)`. */
export function udscsName(type: number): string {
  return NAMES[type] ?? `unknown(${type})`;
}

export const UDSCS_HEADER_SIZE = 16;

/** One `struct vdagentd_guest_xorg_resolution` (five ints, 20 bytes). */
export const XORG_RESOLUTION_SIZE = 20;

/** The version string the daemon announces; the session agent re-execs itself when it differs from its own. */
export const VDAGENTD_VERSION = '0.22.1';

export interface UdscsMessage {
  type: number;
  arg1: number;
  arg2: number;
  data: Buffer;
}

/** One screen of GUEST_XORG_RESOLUTION. */
export interface ScreenInfo {
  width: number;
  height: number;
  x: number;
  y: number;
  display_id: number;
}
