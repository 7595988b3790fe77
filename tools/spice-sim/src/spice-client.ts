/**
 * spice-server + spice-gtk behaviour on top of SpiceHost's framing
 * (spice-vdagent.md §3): the caps handshake, clipboard both ways with
 * spice-gtk's grab-serial rule, monitors-config and its REPLY, file transfer
 * host -> guest, mouse and disconnect on the server port. Messages the
 * scenario did not wait for are kept in `seen`.
 */
import { VDP_SERVER_PORT } from '@ga/framing/spice-messages';
import type { CapName } from '@ga/framing/spice-messages';
import { SPICE_GTK_CAPS, SpiceHost } from './spice-host.js';
import type { ReceivedAgentMessage } from './spice-host.js';

export interface Monitor {
  width: number;
  height: number;
  x?: number;
  y?: number;
  depth?: number;
  /** Physical size in mm; any monitor having it makes the message carry PHYSICAL_SIZE, as spice-gtk ≥ 0.39 does. */
  mm?: { width: number; height: number };
}

export const CLIPBOARD = 0;
export const PRIMARY = 1;
export const UTF8_TEXT = 1;

/** FILE_XFER_STATUS results (vd_agent.h). */
export const XFER = { CAN_SEND_DATA: 0, CANCELLED: 1, ERROR: 2, SUCCESS: 3, NOT_ENOUGH_SPACE: 4, SESSION_LOCKED: 5, VDAGENT_NOT_CONNECTED: 6, DISABLED: 7 } as const;

/** spice-gtk's FILE_XFER_DATA size (VD_AGENT_MAX_DATA_SIZE * 32). */
const XFER_DATA_SIZE = 64 * 1024;

export class SpiceClient {
  /** Messages received while waiting for something else, in order. */
  readonly seen: ReceivedAgentMessage[] = [];
  /** Per-selection grab serial (spice-gtk: accept S == counter, then counter++; own grabs use counter++). */
  readonly serial = [0, 0, 0];
  /** What the client offers per selection (answered automatically when the agent requests it). */
  private readonly offered = new Map<number, { type: number; data: Buffer }>();
  private nextXferId = 1;

  constructor(readonly host: SpiceHost) {
    host.intercept = (m) => this.answer(m);
  }

  /**
   * What spice-gtk does by itself as messages arrive: answer an agent caps
   * request, apply the grab-serial rule, answer clipboard requests for what
   * it offered. True when the message is consumed (kept in `seen`).
   */
  private answer(m: ReceivedAgentMessage): boolean {
    const f = m.message.fields;
    const ctx = this.host.context;
    const sel = ctx.selection ? ((f.selection as number | undefined) ?? 0) : 0;
    const fail = (err: Error) => this.errors.push(err);
    if (m.message.name === 'ANNOUNCE_CAPABILITIES' && f.request) {
      this.host.announceCapabilities(this.caps, false).catch(fail);
      return false;
    }
    if (m.message.name === 'CLIPBOARD_GRAB' && ctx.serial) {
      if (f.serial !== this.serial[sel]) {
        this.seen.push(m);
        return true; // spice-gtk drops a grab with another serial
      }
      this.serial[sel] = (this.serial[sel]! + 1) >>> 0;
      return false;
    }
    if (m.message.name === 'CLIPBOARD_REQUEST') {
      const held = this.offered.get(sel);
      if (!held) return false;
      const ok = held.type === f.type;
      this.send('CLIPBOARD', { selection: sel, type: ok ? held.type : 0, data: ok ? held.data : Buffer.alloc(0) }).catch(fail);
      this.seen.push(m);
      return true;
    }
    return false;
  }

  /** Write failures of automatic answers. */
  readonly errors: Error[] = [];

  /** Next message from the agent that was not answered automatically. */
  next(timeoutMs?: number): Promise<ReceivedAgentMessage> {
    return this.host.next(timeoutMs);
  }

  /** The next message named `name`; others go to `seen`. */
  async expect(name: string, timeoutMs?: number, match: (m: ReceivedAgentMessage) => boolean = () => true): Promise<ReceivedAgentMessage> {
    for (;;) {
      const m = await this.next(timeoutMs);
      if (m.message.name === name && match(m)) return m;
      this.seen.push(m);
    }
  }

  caps: readonly CapName[] = SPICE_GTK_CAPS;

  /** A new client: caps with request = 1, then the agent's answer. Resets serials like spice-gtk's agent reset. */
  async handshake(caps: readonly CapName[] = SPICE_GTK_CAPS): Promise<readonly number[]> {
    this.caps = caps;
    this.serial.fill(0);
    await this.host.announceCapabilities(caps, true);
    const m = await this.expect('ANNOUNCE_CAPABILITIES', undefined, (x) => x.message.fields.request === 0);
    return m.message.fields.caps as number[];
  }

  private send(type: string, fields: Record<string, unknown>, port?: number): Promise<void> {
    return this.host.send({ type, fields }, port);
  }

  /** The client copies: grab `sel` with `type` and answer the agent's requests with `data`. */
  async offer(sel: number, type: number, data: Buffer): Promise<void> {
    this.offered.set(sel, { type, data });
    const fields: Record<string, unknown> = { selection: sel, types: [type] };
    if (this.host.context.serial) fields.serial = this.serial[sel]!;
    this.serial[sel] = (this.serial[sel]! + 1) >>> 0;
    await this.send('CLIPBOARD_GRAB', fields);
  }

  /** The client's clipboard owner went away. */
  async release(sel: number): Promise<void> {
    this.offered.delete(sel);
    await this.send('CLIPBOARD_RELEASE', { selection: sel, reserved: Buffer.alloc(3) });
  }

  /** The client pastes: request `sel` and wait for the data (type 0 and no data: refused). */
  async paste(sel: number, type: number = UTF8_TEXT, timeoutMs?: number): Promise<{ type: number; data: Buffer }> {
    await this.send('CLIPBOARD_REQUEST', { selection: sel, type });
    const m = await this.expect('CLIPBOARD', timeoutMs, (x) => !this.host.context.selection || x.message.fields.selection === sel);
    return { type: m.message.fields.type as number, data: m.message.fields.data as Buffer };
  }

  /** Wait until the guest grabs `sel`; returns the offered types. */
  async guestGrab(sel: number, timeoutMs?: number): Promise<number[]> {
    const m = await this.expect('CLIPBOARD_GRAB', timeoutMs, (x) => !this.host.context.selection || x.message.fields.selection === sel);
    return m.message.fields.types as number[];
  }

  /** MONITORS_CONFIG; resolves with the REPLY's error field (1 success, 2 error). */
  async monitorsConfig(monitors: readonly Monitor[], opts: { usePos?: boolean; timeoutMs?: number } = {}): Promise<number> {
    const mm = monitors.some((m) => m.mm);
    const flags = (opts.usePos === false ? 0 : 1) | (mm ? 2 : 0);
    await this.send('MONITORS_CONFIG', {
      num_of_monitors: monitors.length,
      flags,
      monitors: monitors.map((m) => ({ height: m.height, width: m.width, depth: m.depth ?? 32, x: m.x ?? 0, y: m.y ?? 0 })),
      physical_sizes: mm ? monitors.map((m) => ({ height: m.mm?.height ?? 0, width: m.mm?.width ?? 0 })) : [],
    });
    const r = await this.expect('REPLY', opts.timeoutMs, (x) => x.message.fields.type === 2);
    return r.message.fields.error as number;
  }

  /**
   * Drag and drop one file: START, wait for CAN_SEND_DATA, DATA in 64 KiB
   * pieces, then the final status. Resolves with the last status result.
   */
  async sendFile(name: string, data: Buffer, timeoutMs?: number): Promise<{ id: number; result: number; detail: Buffer }> {
    const id = this.nextXferId++;
    const keyfile = `[vdagent-file-xfer]\nname=${escapeKeyFile(name)}\nsize=${data.length}\n\0`;
    await this.send('FILE_XFER_START', { id, data: Buffer.from(keyfile) });
    const status = async () => {
      const m = await this.expect('FILE_XFER_STATUS', timeoutMs, (x) => x.message.fields.id === id);
      return { id, result: m.message.fields.result as number, detail: m.message.fields.data as Buffer };
    };
    const first = await status();
    if (first.result !== XFER.CAN_SEND_DATA) return first;
    for (let off = 0; off < data.length || off === 0; off += XFER_DATA_SIZE) {
      const piece = data.subarray(off, off + XFER_DATA_SIZE);
      await this.send('FILE_XFER_DATA', { id, size: BigInt(piece.length), data: piece });
      if (data.length === 0) break;
    }
    return status();
  }

  /** Client-mouse mode position on the server port. */
  mouse(x: number, y: number, buttons = 0, displayId = 0): Promise<void> {
    return this.send('MOUSE_STATE', { x, y, buttons, display_id: displayId }, VDP_SERVER_PORT);
  }

  /** The last client left (the server's CLIENT_DISCONNECTED on port 2). */
  disconnect(): Promise<void> {
    return this.send('CLIENT_DISCONNECTED', {}, VDP_SERVER_PORT);
  }

  /** MAX_CLIPBOARD (−1 unlimited). */
  maxClipboard(max: number): Promise<void> {
    return this.send('MAX_CLIPBOARD', { max });
  }
}

/** GKeyFile value escaping for the characters a file name can carry. */
export function escapeKeyFile(v: string): string {
  // A tab inside the value stays raw; only a leading one is escaped.
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/^\t/, '\\t').replace(/^ /, '\\s');
}

