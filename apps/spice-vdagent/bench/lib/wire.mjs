// The few SPICE agent and udscs messages the benchmark needs, encoded by hand
// (the bench runs as plain node, outside the TypeScript build), and readers
// that reassemble what each side receives. Layouts: spice-vdagent.md §1, §2, §4.4.

const SPICE_GTK_CAPS = 0x00035077;
const CHUNK = 2048;

export function agentMessage(type, payload) {
  const m = Buffer.alloc(20 + payload.length);
  m.writeUInt32LE(1, 0);
  m.writeUInt32LE(type, 4);
  m.writeUInt32LE(payload.length, 16);
  payload.copy(m, 20);
  return m;
}

/** One message sliced into chunks of at most 2048 payload bytes on `port`, as spice-gtk sends. */
export function chunked(message, port = 1) {
  const out = [];
  for (let off = 0; off < message.length; off += CHUNK) {
    const piece = message.subarray(off, off + CHUNK);
    const head = Buffer.alloc(8);
    head.writeUInt32LE(port, 0);
    head.writeUInt32LE(piece.length, 4);
    out.push(head, piece);
  }
  return Buffer.concat(out);
}

const u32s = (...v) => {
  const b = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => b.writeUInt32LE(x >>> 0, i * 4));
  return b;
};

export const capsRequest = () => chunked(agentMessage(6, u32s(1, SPICE_GTK_CAPS)));
/** Two heads, USE_POS (vector V4): the reference answers this one (not the PHYSICAL_SIZE form). */
export const monitorsConfig = () => chunked(agentMessage(2, u32s(2, 1, 768, 1024, 32, 0, 0, 600, 800, 32, 1024, 0)));
/** CLIPBOARD, selection block (CLIPBOARD), UTF8_TEXT, `size` bytes of text. */
export const clipboard = (size) => chunked(agentMessage(4, Buffer.concat([u32s(0, 1), Buffer.alloc(size, 0x61)])));

export function udscs(type, arg1 = 0, arg2 = 0, data = Buffer.alloc(0)) {
  return Buffer.concat([u32s(type, arg1, arg2, data.length), data]);
}
export const UDSCS_RESOLUTION = 0;
export const UDSCS_CLIPBOARD_DATA = 4;
export const UDSCS_VERSION = 6;
export const resolution = () => udscs(UDSCS_RESOLUTION, 1024, 768, Buffer.from(Int32Array.from([1024, 768, 0, 0, 0]).buffer));

/** Reassembles messages from a stream: `sizeOf(head)` gives the whole length once `headLen` bytes are in. */
class Reader {
  constructor(socket, headLen, sizeOf) {
    this.parts = [];
    this.have = 0;
    this.waiters = [];
    this.headLen = headLen;
    this.sizeOf = sizeOf;
    this.queue = [];
    socket.on('data', (c) => {
      this.parts.push(c);
      this.have += c.length;
      this.drain();
    });
  }

  drain() {
    for (;;) {
      if (this.have < this.headLen) return;
      if (this.parts[0].length < this.headLen) this.parts = [Buffer.concat(this.parts)];
      const total = this.sizeOf(this.parts[0]);
      if (this.have < total) return;
      const all = Buffer.concat(this.parts);
      this.queue.push(all.subarray(0, total));
      const rest = all.subarray(total);
      this.parts = rest.length ? [rest] : [];
      this.have = rest.length;
      const w = this.waiters.shift();
      if (w) w(this.queue.shift());
    }
  }

  /** The next whole message (a Buffer with its header). */
  next(timeoutMs = 60_000) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push((m) => {
        clearTimeout(t);
        resolve(m);
      });
    });
  }
}

/** Host side: whole chunks (the agents write one chunk per message, or 2048-byte slices). */
export class ChunkReader extends Reader {
  constructor(socket) {
    super(socket, 8, (h) => 8 + h.readUInt32LE(4));
  }

  /** The next message whose chunk carries agent message `type` (a first chunk; the bench's replies are one chunk). */
  async nextOfType(type) {
    for (;;) {
      const c = await this.next();
      if (c.length >= 28 && c.readUInt32LE(12) === type) return c;
    }
  }
}

/** Session-agent side: udscs messages. */
export class UdscsReader extends Reader {
  constructor(socket) {
    super(socket, 16, (h) => 16 + h.readUInt32LE(12));
  }
}
