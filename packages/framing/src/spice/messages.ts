import { minimumSize } from './layout.js';
import type { Field } from './layout.js';

/**
 * The SPICE agent protocol as data: header layouts, ports, capability bits and
 * THE message table keyed by VD_AGENT_* type. Everything else (parser,
 * encoder, size checks, docs) is derived from here. Facts from spice-protocol
 * 0.14.3 `vd_agent.h` and spice-vdagent 0.22.1 (spice-vdagent.md §1–§2).
 */

/** `VD_AGENT_PROTOCOL`: the only protocol value; messages carrying another are dropped. */
export const VD_AGENT_PROTOCOL = 1;
/** `VD_AGENT_MAX_DATA_SIZE`: largest chunk payload a guest accepts (the Linux daemon resets on more). */
export const VD_AGENT_MAX_DATA_SIZE = 2048;

/** Chunk ports: 1 = client (relayed by the server), 2 = server; 3 and up are invalid. */
export const VDP_CLIENT_PORT = 1;
export const VDP_SERVER_PORT = 2;
export const VDP_END_PORT = 3;

/** `VDIChunkHeader`: 8 bytes in front of every chunk payload. */
export const VDI_CHUNK_HEADER: readonly Field[] = [
  { name: 'port', type: 'u32' },
  { name: 'size', type: 'u32' },
];
export const VDI_CHUNK_HEADER_SIZE = 8;

/** `VDAgentMessage`: 20 bytes in front of every message payload; `opaque` is always 0 in practice. */
export const VD_AGENT_MESSAGE_HEADER: readonly Field[] = [
  { name: 'protocol', type: 'u32' },
  { name: 'type', type: 'u32' },
  { name: 'opaque', type: 'u64' },
  { name: 'size', type: 'u32' },
];
export const VD_AGENT_MESSAGE_HEADER_SIZE = 20;
/** Offset of the payload `size` field inside the message header (the reassembler reads only this). */
export const VD_AGENT_MESSAGE_SIZE_OFFSET = 16;

/** `VD_AGENT_CAP_*` bit numbers (bit b lives in caps word b/32, bit b%32). */
export const VD_AGENT_CAP = {
  MOUSE_STATE: 0,
  MONITORS_CONFIG: 1,
  REPLY: 2,
  CLIPBOARD: 3,
  DISPLAY_CONFIG: 4,
  CLIPBOARD_BY_DEMAND: 5,
  CLIPBOARD_SELECTION: 6,
  SPARSE_MONITORS_CONFIG: 7,
  GUEST_LINEEND_LF: 8,
  GUEST_LINEEND_CRLF: 9,
  MAX_CLIPBOARD: 10,
  AUDIO_VOLUME_SYNC: 11,
  MONITORS_CONFIG_POSITION: 12,
  FILE_XFER_DISABLED: 13,
  FILE_XFER_DETAILED_ERRORS: 14,
  GRAPHICS_DEVICE_INFO: 15,
  CLIPBOARD_NO_RELEASE_ON_REGRAB: 16,
  CLIPBOARD_GRAB_SERIAL: 17,
} as const;
export type CapName = keyof typeof VD_AGENT_CAP;

/** Who sends a message type: the guest agent, the host (server or client), or both. */
export type Direction = 'guest-to-host' | 'host-to-guest' | 'both';

/** One row of the message table. */
export interface MessageSpec {
  /** `VD_AGENT_*` type id on the wire. */
  readonly type: number;
  /** Wire name without the `VD_AGENT_` prefix. */
  readonly name: string;
  readonly direction: Direction;
  /** Payload layout; gated fields exist only when the capability was negotiated. */
  readonly layout: readonly Field[];
  /**
   * Minimum payload size before any capability negotiation, derived from
   * `layout` (the `vdagent_message_min_size[]` value; selection block and
   * serial add to it once negotiated, see `minimumPayloadSize` in ./codec).
   */
  readonly minSize: number;
  /**
   * Capability the receiver must have announced before the peer may send this
   * type (undefined: always allowed).
   */
  readonly capability?: CapName;
  /**
   * Extra validity rule beyond the layout's size check; returns a reason when
   * the decoded payload is unacceptable.
   */
  readonly check?: (fields: Record<string, unknown>, payloadSize: number) => string | undefined;
}

const selectionBlock: readonly Field[] = [
  { name: 'selection', type: 'u8', when: 'selection' },
  { name: 'reserved', type: 'bytes', length: 3, when: 'selection' },
];

const monitor: readonly Field[] = [
  // height comes before width in VDAgentMonConfig.
  { name: 'height', type: 'u32' },
  { name: 'width', type: 'u32' },
  { name: 'depth', type: 'u32' },
  { name: 'x', type: 'i32' },
  { name: 'y', type: 'i32' },
];

const monitorMm: readonly Field[] = [
  { name: 'height', type: 'u16' },
  { name: 'width', type: 'u16' },
];

const deviceDisplayInfo: readonly Field[] = [
  { name: 'channel_id', type: 'u32' },
  { name: 'monitor_id', type: 'u32' },
  { name: 'device_display_id', type: 'u32' },
  { name: 'device_address_len', type: 'u32' },
  { name: 'device_address', type: 'sized-bytes', lengthField: 'device_address_len' },
];

/** `VD_AGENT_MONITORS_CONFIG_FLAG_PHYSICAL_SIZE`: an array of MonitorMM follows the monitors. */
export const MONITORS_CONFIG_FLAG_PHYSICAL_SIZE = 0x2;

/**
 * THE message table, the counterpart of vd_agent.h's type enum plus
 * vdagentd's `vdagent_message_min_size[]`: the minimum size and whether the
 * size is exact both follow from `layout` (open-ended layouts end in a rest
 * field). Deviations from the Linux daemon, on purpose: MONITORS_CONFIG with
 * PHYSICAL_SIZE is accepted (its bug, §3.4); FILE_XFER_STATUS may carry detail
 * bytes (spice-common's rule); RELEASE accepts the daemon's own 1-byte quirk.
 */
const NONE = { selection: false, serial: false };
const row = (r: Omit<MessageSpec, 'minSize'>): MessageSpec => ({ ...r, minSize: minimumSize(r.layout, NONE) });

export const MESSAGES: readonly MessageSpec[] = ([
  {
    type: 1,
    name: 'MOUSE_STATE',
    direction: 'host-to-guest',
    capability: 'MOUSE_STATE',
    layout: [
      { name: 'x', type: 'u32' },
      { name: 'y', type: 'u32' },
      { name: 'buttons', type: 'u32' },
      { name: 'display_id', type: 'u8' },
    ],
  },
  {
    type: 2,
    name: 'MONITORS_CONFIG',
    direction: 'host-to-guest',
    capability: 'MONITORS_CONFIG',
    layout: [
      { name: 'num_of_monitors', type: 'u32' },
      { name: 'flags', type: 'u32' },
      { name: 'monitors', type: 'records', countField: 'num_of_monitors', fields: monitor },
      {
        name: 'physical_sizes',
        type: 'records',
        countField: 'num_of_monitors',
        fields: monitorMm,
        flag: { field: 'flags', mask: MONITORS_CONFIG_FLAG_PHYSICAL_SIZE },
      },
    ],
    // spice-server caps MONITORS_CONFIG at 256 heads; refuse absurd counts before allocating.
    check: (f) => ((f.num_of_monitors as number) > 256 ? 'more than 256 monitors' : undefined),
  },
  {
    type: 3,
    name: 'REPLY',
    direction: 'guest-to-host',
    capability: 'REPLY',
    layout: [
      { name: 'type', type: 'u32' },
      { name: 'error', type: 'u32' },
    ],
  },
  {
    type: 4,
    name: 'CLIPBOARD',
    direction: 'both',
    capability: 'CLIPBOARD_BY_DEMAND',
    layout: [...selectionBlock, { name: 'type', type: 'u32' }, { name: 'data', type: 'bytes-rest' }],
  },
  {
    type: 5,
    name: 'DISPLAY_CONFIG',
    direction: 'host-to-guest',
    capability: 'DISPLAY_CONFIG',
    layout: [
      { name: 'flags', type: 'u32' },
      { name: 'depth', type: 'u32' },
    ],
  },
  {
    type: 6,
    name: 'ANNOUNCE_CAPABILITIES',
    direction: 'both',
    layout: [
      { name: 'request', type: 'u32' },
      { name: 'caps', type: 'u32-rest' },
    ],
  },
  {
    type: 7,
    name: 'CLIPBOARD_GRAB',
    direction: 'both',
    capability: 'CLIPBOARD_BY_DEMAND',
    layout: [...selectionBlock, { name: 'serial', type: 'u32', when: 'serial' }, { name: 'types', type: 'u32-rest' }],
  },
  {
    type: 8,
    name: 'CLIPBOARD_REQUEST',
    direction: 'both',
    capability: 'CLIPBOARD_BY_DEMAND',
    layout: [...selectionBlock, { name: 'type', type: 'u32' }],
  },
  {
    type: 9,
    name: 'CLIPBOARD_RELEASE',
    direction: 'both',
    capability: 'CLIPBOARD_BY_DEMAND',
    // The Linux daemon emits a 1-byte release (selection only) when a session agent
    // leaves (observed, spice-vdagent.md V15), so the reserved bytes are open-ended when
    // decoding; encoding writes the spec's 3 zero bytes unless told otherwise (V14).
    layout: [
      { name: 'selection', type: 'u8', when: 'selection' },
      { name: 'reserved', type: 'bytes-rest', when: 'selection', encodeLength: 3 },
    ],
    check: (f) => ((f.reserved as Buffer | undefined)?.length ?? 0) > 3 ? 'more than 4 bytes' : undefined,
  },
  {
    type: 10,
    name: 'FILE_XFER_START',
    direction: 'host-to-guest',
    layout: [
      { name: 'id', type: 'u32' },
      // NUL-terminated GLib key-file text ([vdagent-file-xfer] name=, size=).
      { name: 'data', type: 'bytes-rest' },
    ],
  },
  {
    type: 11,
    name: 'FILE_XFER_STATUS',
    direction: 'both',
    layout: [
      { name: 'id', type: 'u32' },
      { name: 'result', type: 'u32' },
      { name: 'data', type: 'bytes-rest' },
    ],
  },
  {
    type: 12,
    name: 'FILE_XFER_DATA',
    direction: 'host-to-guest',
    layout: [
      { name: 'id', type: 'u32' },
      { name: 'size', type: 'u64' },
      { name: 'data', type: 'bytes-rest' },
    ],
    // The Linux daemon trusts `size`; a re-implementation validates it (§5 item 5).
    check: (f) => (f.size !== BigInt((f.data as Buffer).length) ? `size ${String(f.size)} != ${(f.data as Buffer).length} data bytes` : undefined),
  },
  { type: 13, name: 'CLIENT_DISCONNECTED', direction: 'host-to-guest', layout: [] },
  {
    type: 14,
    name: 'MAX_CLIPBOARD',
    direction: 'host-to-guest',
    capability: 'MAX_CLIPBOARD',
    layout: [{ name: 'max', type: 'i32' }],
  },
  {
    type: 15,
    name: 'AUDIO_VOLUME_SYNC',
    direction: 'host-to-guest',
    capability: 'AUDIO_VOLUME_SYNC',
    layout: [
      { name: 'is_playback', type: 'u8' },
      { name: 'mute', type: 'u8' },
      { name: 'nchannels', type: 'u8' },
      { name: 'volume', type: 'u16-array', countField: 'nchannels' },
    ],
  },
  {
    type: 16,
    name: 'GRAPHICS_DEVICE_INFO',
    direction: 'host-to-guest',
    capability: 'GRAPHICS_DEVICE_INFO',
    layout: [
      { name: 'count', type: 'u32' },
      { name: 'display_info', type: 'records', countField: 'count', fields: deviceDisplayInfo },
    ],
  },
] satisfies Array<Omit<MessageSpec, 'minSize'>>).map(row);

const byType = new Map(MESSAGES.map((m) => [m.type, m]));
const byName = new Map(MESSAGES.map((m) => [m.name, m]));

/** The table row for a wire type id, or undefined for 0 and ≥ 17 (`VD_AGENT_END_MESSAGE`). */
export function messageSpec(type: number): MessageSpec | undefined {
  return byType.get(type);
}

/** Type id for a wire name such as `'ANNOUNCE_CAPABILITIES'`; throws on an unknown name. */
export function messageType(name: string): number {
  const spec = byName.get(name);
  if (!spec) throw new RangeError(`unknown VDAgent message name "${name}"; see MESSAGES in @ga/framing/spice-messages`);
  return spec.type;
}

/**
 * May a peer send `spec` to a receiver that announced `receiverCaps`? False
 * when the row's capability gate is not set (e.g. DISPLAY_CONFIG to an agent
 * that did not announce DISPLAY_CONFIG, as the Linux one never does).
 */
export function capabilityAllows(spec: MessageSpec, receiverCaps: readonly number[]): boolean {
  return spec.capability === undefined || hasCap(receiverCaps, spec.capability);
}

/** Caps words (`u32[]`) with the given capabilities set. */
export function capsWords(caps: readonly CapName[]): number[] {
  const words: number[] = [0];
  for (const c of caps) {
    const bit = VD_AGENT_CAP[c];
    const w = bit >> 5;
    while (words.length <= w) words.push(0);
    words[w] = (words[w]! | (1 << (bit & 31))) >>> 0;
  }
  return words;
}

/** True when `cap` is set in a caps word array; missing words count as 0. */
export function hasCap(words: readonly number[], cap: CapName): boolean {
  const bit = VD_AGENT_CAP[cap];
  return (((words[bit >> 5] ?? 0) >>> (bit & 31)) & 1) === 1;
}
