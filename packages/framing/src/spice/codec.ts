import { decodeLayout, encodeLayout, isOpenEnded, minimumSize } from './layout.js';
import type { LayoutContext, LayoutValues } from './layout.js';
import {
  VD_AGENT_MESSAGE_HEADER,
  VD_AGENT_MESSAGE_HEADER_SIZE,
  VD_AGENT_PROTOCOL,
  hasCap,
  messageSpec,
} from './messages.js';
import type { MessageSpec } from './messages.js';

/**
 * VDAgentMessage codec: header + payload <-> `{ type, fields }`, driven by the
 * message table in `./messages.ts`. Pure functions, no I/O; `decodeMessage`
 * never throws.
 */

/** Framing capabilities both sides announced (see `negotiate`). */
export type CodecContext = LayoutContext;

/**
 * The state before any capability exchange: no selection block, no grab
 * serial (the Linux daemon frames this way until the peer announced them).
 */
export const NOT_NEGOTIATED: CodecContext = Object.freeze({ selection: false, serial: false });

/**
 * Framing context from both announced caps word arrays: a gated field is used
 * only when both sides set the capability.
 */
export function negotiate(ours: readonly number[], theirs: readonly number[]): CodecContext {
  return {
    selection: hasCap(ours, 'CLIPBOARD_SELECTION') && hasCap(theirs, 'CLIPBOARD_SELECTION'),
    serial: hasCap(ours, 'CLIPBOARD_GRAB_SERIAL') && hasCap(theirs, 'CLIPBOARD_GRAB_SERIAL'),
  };
}

/** A decoded VDAgent message. `fields` follow the table layout (u64 as bigint, raw bytes as Buffer). */
export interface AgentMessage {
  type: number;
  /** Wire name from the table, e.g. `'ANNOUNCE_CAPABILITIES'`. */
  name: string;
  /** Always 0 in every known implementation; kept so echoes are byte-exact. */
  opaque: bigint;
  fields: LayoutValues;
}

export type DecodeResult =
  | { ok: true; message: AgentMessage }
  | { ok: false; error: string; type?: number };

/** The 20-byte message header. */
export interface MessageHeader {
  protocol: number;
  type: number;
  opaque: bigint;
  size: number;
}

/** Smallest legal payload for a table row under `ctx` (the `vdagent_message_min_size[]` value). */
export function minimumPayloadSize(spec: MessageSpec, ctx: CodecContext = NOT_NEGOTIATED): number {
  return minimumSize(spec.layout, ctx);
}

/** True when the row's payload size must match its layout exactly (no open-ended tail). */
export function hasExactSize(spec: MessageSpec, ctx: CodecContext = NOT_NEGOTIATED): boolean {
  return !isOpenEnded(spec.layout, ctx);
}

/** Parse the 20-byte header at the start of `bytes`; undefined when shorter. */
export function decodeHeader(bytes: Buffer): MessageHeader | undefined {
  if (bytes.length < VD_AGENT_MESSAGE_HEADER_SIZE) return undefined;
  const { values } = decodeLayout(VD_AGENT_MESSAGE_HEADER, bytes.subarray(0, VD_AGENT_MESSAGE_HEADER_SIZE), NOT_NEGOTIATED);
  return values as unknown as MessageHeader;
}

/**
 * Decode one complete VDAgentMessage (header + payload, as the chunk
 * reassembler delivers it). Rejects, with a reason to log, what the Linux
 * daemon drops: protocol ≠ 1, unknown type, a payload of the wrong size for
 * its type, and a header size that disagrees with the bytes present.
 */
export function decodeMessage(bytes: Buffer, ctx: CodecContext = NOT_NEGOTIATED): DecodeResult {
  const header = decodeHeader(bytes);
  if (!header) return { ok: false, error: `message of ${bytes.length} bytes is shorter than the 20-byte header` };
  const { type } = header;
  if (header.protocol !== VD_AGENT_PROTOCOL) return { ok: false, type, error: `protocol ${header.protocol} is not ${VD_AGENT_PROTOCOL}` };
  const payload = bytes.subarray(VD_AGENT_MESSAGE_HEADER_SIZE);
  if (payload.length !== header.size) return { ok: false, type, error: `header says ${header.size} payload bytes, got ${payload.length}` };
  const spec = messageSpec(type);
  if (!spec) return { ok: false, type, error: `unknown message type ${type}` };
  const min = minimumPayloadSize(spec, ctx);
  if (payload.length < min) return { ok: false, type, error: `${spec.name}: ${payload.length} bytes is below the minimum ${min}` };
  let decoded: { values: LayoutValues; consumed: number };
  try {
    decoded = decodeLayout(spec.layout, payload, ctx);
  } catch {
    return { ok: false, type, error: `${spec.name}: ${payload.length} bytes too short for the counts it declares` };
  }
  if (hasExactSize(spec, ctx) && decoded.consumed !== payload.length) {
    return { ok: false, type, error: `${spec.name}: invalid size ${payload.length}, layout needs ${decoded.consumed}` };
  }
  const problem = spec.check?.(decoded.values, payload.length);
  if (problem) return { ok: false, type, error: `${spec.name}: ${problem}` };
  return { ok: true, message: { type, name: spec.name, opaque: header.opaque, fields: decoded.values } };
}

/** What `encodeMessage` takes: the type and the payload fields; `opaque` defaults to 0. */
export interface OutgoingMessage {
  type: number;
  fields?: LayoutValues;
  opaque?: bigint;
}

/** Encode just the 20-byte header. */
export function encodeHeader(type: number, size: number, opaque: bigint = 0n): Buffer {
  return encodeLayout(VD_AGENT_MESSAGE_HEADER, { protocol: VD_AGENT_PROTOCOL, type, opaque, size }, NOT_NEGOTIATED);
}

/**
 * Encode header + payload from the table layout of `message.type`. Throws a
 * TypeError (naming the field) when the fields do not fit the layout, and a
 * RangeError for a type missing from the table: callers build messages, so
 * this is a programming error, never input from the wire.
 */
export function encodeMessage(message: OutgoingMessage, ctx: CodecContext = NOT_NEGOTIATED): Buffer {
  const spec = messageSpec(message.type);
  if (!spec) throw new RangeError(`unknown VDAgent message type ${message.type}; add it to MESSAGES in @ga/framing/spice-messages`);
  const payload = encodeLayout(spec.layout, message.fields ?? {}, ctx);
  return Buffer.concat([encodeHeader(spec.type, payload.length, message.opaque ?? 0n), payload]);
}
