/**
 * Reading a selection from another X client (ICCCM §2.4): ConvertSelection
 * into a property of our window, wait for SelectionNotify, read and delete
 * the property; when its type is INCR, take the pieces the owner writes one
 * by one (each PropertyNotify NewValue) until a zero-length piece. One
 * conversion at a time: they share the property. A silent owner times out.
 */
import { CURRENT_TIME } from './xconn.js';
import type { XConn, XEvent } from './xconn.js';

const SELECTION_NOTIFY = 31;
const PROPERTY_NEW_VALUE = 0;

export interface Fetched {
  /** The property's type atom (the target the owner answered with). */
  type: number;
  data: Buffer;
  /** The owner sent it INCR. */
  incr: boolean;
}

export interface FetchOptions {
  /** Give up when the owner is silent this long (between INCR pieces too). */
  timeoutMs: number;
  /** Refuse data larger than this. */
  maxBytes: number;
}

export class SelectionFetcher {
  private queue: Promise<unknown> = Promise.resolve();
  private notify: ((ev: XEvent) => void) | undefined;
  private incr: { property: number; ready: number; wake?: () => void } | undefined;

  constructor(
    private readonly x: XConn,
    private readonly property: number,
    private readonly incrAtom: number,
    private readonly opts: FetchOptions,
  ) {}

  /** Feed every X event; true when it was ours. */
  handleEvent(ev: XEvent): boolean {
    if (ev.type === SELECTION_NOTIFY && ev.requestor === this.x.window && this.notify) {
      this.notify(ev);
      return true;
    }
    if (ev.name === 'PropertyNotify' && ev.wid === this.x.window && this.incr && ev.atom === this.incr.property && ev.state === PROPERTY_NEW_VALUE) {
      this.incr.ready++;
      this.incr.wake?.();
      return true;
    }
    return false;
  }

  /** The selection converted to `target`; undefined when refused, timed out or too large. */
  fetch(selection: number, target: number, time = CURRENT_TIME): Promise<Fetched | undefined> {
    const run = this.queue.then(() => this.convert(selection, target, time));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async convert(selection: number, target: number, time: number): Promise<Fetched | undefined> {
    const ev = await new Promise<XEvent | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.notify = undefined;
        resolve(undefined);
      }, this.opts.timeoutMs);
      this.notify = (e) => {
        if (e.selection !== selection) return;
        clearTimeout(timer);
        this.notify = undefined;
        resolve(e);
      };
      this.x.raw.ConvertSelection(this.x.window, selection, target, this.property, time);
    });
    if (!ev || ev.property === 0) return undefined;
    // Listen for INCR pieces before deleting the INCR property: the owner writes the first one on that delete.
    const state = { property: this.property, ready: 0 } as NonNullable<SelectionFetcher['incr']>;
    this.incr = state;
    try {
      const first = await this.x.getProperty(this.x.window, this.property, true, this.opts.maxBytes);
      if (first.type !== this.incrAtom) return { type: first.type, data: first.data, incr: false };
      return await this.readIncr(state);
    } finally {
      this.incr = undefined;
    }
  }

  private async readIncr(state: NonNullable<SelectionFetcher['incr']>): Promise<Fetched | undefined> {
    const parts: Buffer[] = [];
    let total = 0;
    let type = 0;
    for (;;) {
      if (state.ready === 0) {
        const woke = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), this.opts.timeoutMs);
          state.wake = () => {
            clearTimeout(timer);
            state.wake = undefined;
            resolve(true);
          };
        });
        if (!woke) return undefined;
      }
      state.ready--;
      const piece = await this.x.getProperty(this.x.window, this.property, true, this.opts.maxBytes);
      if (piece.data.length === 0) {
        // NewValue events for pieces already read in one go: nothing more comes.
        return { type, data: parts.length === 1 ? parts[0]! : Buffer.concat(parts), incr: true };
      }
      type = piece.type;
      total += piece.data.length;
      if (total > this.opts.maxBytes) {
        // Drain the owner's transfer quietly: stop listening, leave the rest.
        return undefined;
      }
      parts.push(piece.data);
    }
  }
}
