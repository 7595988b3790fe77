/**
 * A promise face on the `x11` package (pure JS X protocol client): connect,
 * atoms, the few core requests the session agent uses, extension loading.
 * The package ships no types; this file is the only place that touches its
 * untyped objects.
 */
import { createRequire } from 'node:module';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = any;

export interface XEvent {
  name: string;
  type: number;
  [field: string]: any;
}

export interface PropertyReply {
  type: number;
  format: number;
  bytesAfter: number;
  data: Buffer;
}

export interface XConn {
  readonly root: number;
  /** Our own InputOnly window: selection owner and requestor. */
  readonly window: number;
  /** Largest request in bytes (BIG-REQUESTS when the server has it). */
  readonly maxRequestBytes: number;
  /** Untyped client for the requests this face does not wrap. */
  readonly raw: Raw;
  atom(name: string): Promise<number>;
  atomName(atom: number): Promise<string>;
  ext(name: string): Promise<Raw>;
  /** Property bytes (all of them, reading in pieces), optionally deleting it afterwards. */
  getProperty(window: number, property: number, del: boolean, maxBytes: number): Promise<PropertyReply>;
  changeProperty(mode: 0 | 2, window: number, property: number, type: number, format: 8 | 16 | 32, data: Buffer | number[]): void;
  deleteProperty(window: number, property: number): void;
  selectInput(window: number, eventMask: number): void;
  /** Round trip: every request so far has been handled (errors included). */
  sync(): Promise<void>;
  onEvent(handler: (ev: XEvent) => void): void;
  onError(handler: (err: Error) => void): void;
  /** The connection to the X server ended. */
  onClose(handler: () => void): void;
  close(): void;
}

export const PROPERTY_CHANGE_MASK = 0x400000;
export const CURRENT_TIME = 0;
export const ATOM = 4;

function call<T>(fn: (cb: (err: Error | null | undefined, v: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));
}

function loadX11(): Raw {
  return createRequire(import.meta.url)('x11');
}

export async function connectX(display: string | undefined): Promise<XConn> {
  const x11 = loadX11();
  let client: Raw;
  const disp: Raw = await new Promise((resolve, reject) => {
    client = x11.createClient({ display }, (err: Error | undefined, d: Raw) => (err ? reject(err) : resolve(d)));
    client.on('error', (err: Error) => reject(err));
  });
  const X = disp.client;
  X.removeAllListeners('error');
  const root: number = disp.screen[0].root;
  const window: number = X.AllocID();
  // InputOnly (class 2), 1x1 off screen, never mapped: owner and requestor of selections.
  X.CreateWindow(window, root, -10, -10, 1, 1, 0, 0, 2, 0, { eventMask: PROPERTY_CHANGE_MASK });
  const atoms = new Map<string, number>();
  const names = new Map<number, string>();
  const errorHandlers: ((err: Error) => void)[] = [];
  const closeHandlers: (() => void)[] = [];
  X.on('error', (err: Error) => errorHandlers.forEach((h) => h(err)));
  let closed = false;
  const ended = () => {
    if (closed) return;
    closed = true;
    closeHandlers.forEach((h) => h());
  };
  X.on('end', ended);
  X.stream?.on?.('close', ended);
  const maxWords: number = disp.max_request_length ?? 65535;
  const conn: XConn = {
    root,
    window,
    maxRequestBytes: maxWords * 4,
    raw: X,
    async atom(name) {
      const hit = atoms.get(name);
      if (hit !== undefined) return hit;
      const a = await call<number>((cb) => X.InternAtom(false, name, cb));
      atoms.set(name, a);
      names.set(a, name);
      return a;
    },
    async atomName(atom) {
      const hit = names.get(atom);
      if (hit !== undefined) return hit;
      const n = await call<string>((cb) => X.GetAtomName(atom, cb));
      names.set(atom, n);
      atoms.set(n, atom);
      return n;
    },
    ext: (name) => call((cb) => X.require(name, cb)),
    async getProperty(win, property, del, maxBytes) {
      const parts: Buffer[] = [];
      let total = 0;
      let first: PropertyReply | undefined;
      // Read in 1 MiB pieces: a single huge reply would be buffered twice.
      const piece = 256 * 1024; // in 4-byte units
      for (let offset = 0; ; ) {
        const last = await call<PropertyReply>((cb) => X.GetProperty(0, win, property, 0, offset, piece, cb));
        first ??= last;
        parts.push(last.data);
        total += last.data.length;
        if (total > maxBytes) throw new Error(`property larger than ${maxBytes} bytes`);
        offset += last.data.length / 4;
        if (last.bytesAfter === 0 || last.data.length === 0) break;
      }
      if (del) X.DeleteProperty(win, property);
      return { type: first.type, format: first.format, bytesAfter: 0, data: parts.length === 1 ? parts[0]! : Buffer.concat(parts) };
    },
    changeProperty(mode, win, property, type, format, data) {
      const bytes = Buffer.isBuffer(data) ? data.length : data.length * (format / 8);
      if (!Buffer.isBuffer(data) || 24 + bytes <= 65535 * 4) {
        X.ChangeProperty(mode, win, property, type, format, data);
        return;
      }
      // The package writes a 16-bit request length: larger properties go out in BIG-REQUESTS form by hand.
      const padded = (data.length + 3) & ~3;
      const b = Buffer.alloc(28 + padded);
      b[0] = 18; // ChangeProperty
      b[1] = mode;
      b.writeUInt16LE(0, 2);
      b.writeUInt32LE(b.length / 4, 4);
      b.writeUInt32LE(win >>> 0, 8);
      b.writeUInt32LE(property >>> 0, 12);
      b.writeUInt32LE(type >>> 0, 16);
      b[20] = format;
      b.writeUInt32LE(data.length / (format / 8), 24);
      data.copy(b, 28);
      X.seq_num++;
      X.pack_stream.put(b);
      X.pack_stream.submit();
    },
    deleteProperty(win, property) {
      X.DeleteProperty(win, property);
    },
    selectInput(win, eventMask) {
      X.ChangeWindowAttributes(win, { eventMask });
    },
    sync: () => X.sync(),
    onEvent(handler) {
      X.on('event', handler);
    },
    onError(handler) {
      errorHandlers.push(handler);
    },
    onClose(handler) {
      closeHandlers.push(handler);
    },
    close() {
      try {
        X.terminate();
      } catch {
        // already gone
      }
    },
  };
  return conn;
}
