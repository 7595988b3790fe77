/**
 * Answering another X client's SelectionRequest for a selection we own
 * (ICCCM §2.2): write the property, then SelectionNotify; data above one
 * request's worth goes out INCR (the INCR property with the size, then one
 * piece per PropertyNotify Delete from the requestor, ending with a
 * zero-length piece). A requestor that stops deleting is dropped after a
 * timeout so its transfer does not pin the data forever.
 */
import { ATOM, PROPERTY_CHANGE_MASK } from './xconn.js';
import type { XConn, XEvent } from './xconn.js';

const PROPERTY_DELETE = 1;
const SELECTION_NOTIFY = 31;

export interface Answer {
  type: number;
  format: 8 | 32;
  data: Buffer;
}

interface Outgoing {
  requestor: number;
  property: number;
  type: number;
  data: Buffer;
  offset: number;
  timer: NodeJS.Timeout;
}

export class SelectionServer {
  private readonly outgoing = new Map<string, Outgoing>();

  constructor(
    private readonly x: XConn,
    private readonly incrAtom: number,
    /** Largest answer sent whole; above it, INCR. */
    private readonly pieceBytes: number,
    private readonly timeoutMs: number,
    /** INCR piece size (up to one BIG-REQUESTS request; fewer round trips with the requestor). */
    private readonly incrPieceBytes = pieceBytes,
  ) {}

  /** Feed every X event; true when it belonged to an INCR transfer. */
  handleEvent(ev: XEvent): boolean {
    if (ev.name !== 'PropertyNotify' || ev.state !== PROPERTY_DELETE) return false;
    const out = this.outgoing.get(key(ev.wid, ev.atom));
    if (!out) return false;
    this.sendPiece(out);
    return true;
  }

  /** Answer `req` (a SelectionRequest) with `answer`, or refuse it (undefined). True when it goes out INCR. */
  reply(req: XEvent, answer: Answer | undefined): boolean {
    const property = req.property === 0 ? req.target : req.property;
    if (!answer) {
      this.notify(req, 0);
      return false;
    }
    if (answer.data.length <= this.pieceBytes) {
      this.x.changeProperty(0, req.requestor, property, answer.type, answer.format, answer.data);
      this.notify(req, property);
      return false;
    }
    const k = key(req.requestor, property);
    this.drop(k);
    this.x.selectInput(req.requestor, PROPERTY_CHANGE_MASK);
    const out: Outgoing = { requestor: req.requestor, property, type: answer.type, data: answer.data, offset: 0, timer: this.arm(k) };
    this.outgoing.set(k, out);
    this.x.changeProperty(0, req.requestor, property, this.incrAtom, 32, [answer.data.length]);
    this.notify(req, property);
    return true;
  }

  /** Transfers still running. */
  get active(): number {
    return this.outgoing.size;
  }

  close(): void {
    for (const k of [...this.outgoing.keys()]) this.drop(k);
  }

  private sendPiece(out: Outgoing): void {
    const k = key(out.requestor, out.property);
    clearTimeout(out.timer);
    const piece = out.data.subarray(out.offset, out.offset + this.incrPieceBytes);
    out.offset += piece.length;
    this.x.changeProperty(0, out.requestor, out.property, out.type, 8, piece);
    if (piece.length === 0) {
      this.drop(k);
      return;
    }
    out.timer = this.arm(k);
  }

  private arm(k: string): NodeJS.Timeout {
    const t = setTimeout(() => this.drop(k), this.timeoutMs);
    t.unref?.();
    return t;
  }

  private drop(k: string): void {
    const out = this.outgoing.get(k);
    if (!out) return;
    clearTimeout(out.timer);
    this.outgoing.delete(k);
    if (![...this.outgoing.values()].some((o) => o.requestor === out.requestor)) this.x.selectInput(out.requestor, 0);
  }

  private notify(req: XEvent, property: number): void {
    this.x.raw.SendEvent(req.requestor, false, 0, {
      type: SELECTION_NOTIFY,
      name: 'SelectionNotify',
      seq: 0,
      time: req.time,
      requestor: req.requestor,
      selection: req.selection,
      target: req.target,
      property,
    });
  }
}

function key(window: number, property: number): string {
  return `${window}:${property}`;
}

/** A TARGETS answer: a list of atoms. */
export function atomList(atoms: readonly number[]): Answer {
  const data = Buffer.alloc(atoms.length * 4);
  atoms.forEach((a, i) => data.writeUInt32LE(a >>> 0, i * 4));
  return { type: ATOM, format: 32, data };
}
