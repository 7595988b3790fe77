/**
 * The X11 clipboard of the session agent: CLIPBOARD, PRIMARY and SECONDARY
 * both ways, with the roles of spice-vdagent 0.22.1's clipboard.c (owner
 * none / guest / client per selection):
 *  - a guest app takes a selection (XFixes SetSelectionOwner, no polling) →
 *    we read its TARGETS, map them to VDAgent types and GRAB;
 *  - the client grabs → we own the X selection and offer the mapped
 *    targets; a guest paste becomes a REQUEST, answered when DATA arrives;
 *  - the client requests → we convert the guest owner's selection and send
 *    DATA (type NONE when we cannot);
 *  - a new owner on either side answers everything pending with a refusal.
 * Grab serials and the client-wins rule live in the daemon (it strips and
 * adds them); here a stale guest TARGETS answer is dropped by generation.
 * Differences: SECONDARY is served too (the original ignores it), a DATA of
 * type NONE refuses the waiting guest paste (the original leaves it hanging),
 * and `resync` re-announces a guest owner after the daemon came back.
 */
import { CURRENT_TIME } from './xconn.js';
import type { XConn, XEvent } from './xconn.js';
import { SelectionFetcher } from './selection-fetch.js';
import { SelectionServer, atomList } from './selection-serve.js';
import { CLIPBOARD_TYPE, targetsForTypes, typeOfTarget, typesFromTargets } from './targets.js';

export interface ClipboardLink {
  grab(sel: number, types: number[]): void;
  request(sel: number, type: number): void;
  data(sel: number, type: number, data: Buffer): void;
  release(sel: number): void;
}

export interface ClipboardLog {
  debug(msg: string): void;
  warn(msg: string): void;
}

export interface ClipboardOptions {
  /** Largest selection we read from a guest app (the client could not take more anyway). */
  maxBytes: number;
  /** An X peer silent this long is given up on. */
  timeoutMs: number;
  /** A guest paste the client has not answered after this long is refused. */
  pasteTimeoutMs: number;
}

type Owner = 'none' | 'guest' | 'client';

interface AppRequest {
  req: XEvent;
  type: number;
  timer: NodeJS.Timeout;
}

interface Selection {
  atom: number;
  owner: Owner;
  /** Guest-owned: the target name we convert to, per announced type. */
  targets: Map<number, string>;
  /** Client-owned: the types it offered and the atoms we offer for them. */
  clientTypes: number[];
  offered: number[];
  grabTime: number;
  /** Bumped on every owner change: answers for an older owner are dropped. */
  generation: number;
  /** Bumped on every guest owner change: a TARGETS answer for an older one is dropped. */
  targetsSeq: number;
  appRequests: AppRequest[];
  clientRequests: number;
}

const SELECTION_NAMES = ['CLIPBOARD', 'PRIMARY', 'SECONDARY'] as const;
const SELECTION_REQUEST = 'SelectionRequest';
const SELECTION_CLEAR = 'SelectionClear';
const XFIXES_SET_OWNER = 0;
const INTEGER = 19;
/** Below one X request (256 KiB without BIG-REQUESTS) with room for the header. */
const PIECE_BYTES = 256 * 1024 - 4096;
/** INCR pieces: like GTK's 256 KiB answers are the threshold, but a piece may fill a BIG-REQUESTS request. */
const INCR_PIECE_BYTES = 4 * 1024 * 1024;

export class X11Clipboard {
  private readonly sels: Selection[] = [];
  private fetcher!: SelectionFetcher;
  private server!: SelectionServer;
  private fixesEvent = -1;
  private atoms!: { TARGETS: number; TIMESTAMP: number; MULTIPLE: number; INCR: number; stamp: number };
  private readonly stampWaiters: ((time: number) => void)[] = [];

  private constructor(
    private readonly x: XConn,
    private readonly link: ClipboardLink,
    private readonly log: ClipboardLog,
    private readonly opts: ClipboardOptions,
  ) {}

  static async start(x: XConn, link: ClipboardLink, log: ClipboardLog, opts: ClipboardOptions): Promise<X11Clipboard> {
    const c = new X11Clipboard(x, link, log, opts);
    await c.init();
    return c;
  }

  private async init(): Promise<void> {
    const x = this.x;
    this.atoms = {
      TARGETS: await x.atom('TARGETS'),
      TIMESTAMP: await x.atom('TIMESTAMP'),
      MULTIPLE: await x.atom('MULTIPLE'),
      INCR: await x.atom('INCR'),
      stamp: await x.atom('SPICE_VDAGENT_TIMESTAMP'),
    };
    for (const name of SELECTION_NAMES) {
      this.sels.push({ atom: await x.atom(name), owner: 'none', targets: new Map(), clientTypes: [], offered: [], grabTime: 0, generation: 0, targetsSeq: 0, appRequests: [], clientRequests: 0 });
    }
    const prop = await x.atom('SPICE_VDAGENT_CLIPBOARD');
    this.fetcher = new SelectionFetcher(x, prop, this.atoms.INCR, { timeoutMs: this.opts.timeoutMs, maxBytes: this.opts.maxBytes });
    this.server = new SelectionServer(x, this.atoms.INCR, Math.min(PIECE_BYTES, x.maxRequestBytes - 4096), this.opts.timeoutMs, Math.max(Math.min(INCR_PIECE_BYTES, x.maxRequestBytes - 4096), PIECE_BYTES));
    const fixes = await x.ext('fixes');
    this.fixesEvent = fixes.firstEvent + fixes.events.SelectionNotify;
    const mask = fixes.SelectionEventMask.SetSelectionOwner | fixes.SelectionEventMask.SelectionWindowDestroy | fixes.SelectionEventMask.SelectionClientClose;
    for (const s of this.sels) fixes.SelectSelectionInput(x.window, s.atom, mask);
    x.onEvent((ev) => this.onEvent(ev));
    await x.sync();
  }

  /** After (re)connecting to the daemon: announce what guest apps own now, as if they had just taken it. */
  async resync(): Promise<void> {
    for (let sel = 0; sel < this.sels.length; sel++) {
      const s = this.sels[sel]!;
      const owner = await new Promise<number>((resolve, reject) => this.x.raw.GetSelectionOwner(s.atom, (err: Error | null, o: number) => (err ? reject(err) : resolve(o))));
      if (owner !== 0 && owner !== this.x.window) void this.guestTookOwnership(sel, CURRENT_TIME);
      else if (s.owner === 'client') this.clearOwnership(sel);
    }
  }

  // ---- from the daemon -------------------------------------------------

  /** The client copied: own the X selection with the targets its types map to. */
  async clientGrab(sel: number, types: number[]): Promise<void> {
    const s = this.sels[sel];
    if (!s) return;
    const names = targetsForTypes(types);
    if (names.length === 0) {
      this.log.warn(`clipboard grab sel ${sel}: no type supported (${types.join(',')})`);
      return;
    }
    const offered = await Promise.all(names.map((n) => this.x.atom(n)));
    const time = await this.serverTime();
    this.x.raw.SetSelectionOwner(this.x.window, s.atom, time);
    this.newOwner(sel, 'client');
    s.clientTypes = types;
    s.offered = offered;
    s.grabTime = time;
    this.log.debug(`sel ${sel}: client owns it (${names.join(', ')})`);
  }

  /** The client pastes: convert the guest owner's selection. */
  async clientRequest(sel: number, type: number): Promise<void> {
    const s = this.sels[sel];
    const target = s?.owner === 'guest' ? s.targets.get(type) : undefined;
    if (!s || !target) {
      this.log.warn(`clipboard request sel ${sel} type ${type}: ${s?.owner !== 'guest' ? 'not owning the clipboard' : 'unadvertised type'}`);
      this.link.data(sel, CLIPBOARD_TYPE.NONE, Buffer.alloc(0));
      return;
    }
    const generation = s.generation;
    s.clientRequests++;
    let answer: { type: number; data: Buffer } = { type: CLIPBOARD_TYPE.NONE, data: Buffer.alloc(0) };
    try {
      const got = await this.fetcher.fetch(s.atom, await this.x.atom(target));
      if (got) {
        const gotType = typeOfTarget(await this.x.atomName(got.type));
        if (gotType === type) {
          answer = { type, data: got.data };
          this.log.debug(`sel ${sel}: read ${got.data.length} bytes of type ${type} from the guest owner${got.incr ? ' (INCR)' : ''}`);
        }
        else this.log.warn(`sel ${sel}: expected type ${type}, received ${gotType}: skipping`);
      }
    } catch (err) {
      this.log.warn(`sel ${sel}: reading the guest selection failed: ${(err as Error).message}`);
    }
    if (s.generation !== generation) return; // newOwner already answered it
    s.clientRequests--;
    this.link.data(sel, answer.type, answer.data);
  }

  /** The client's data for a guest paste. */
  clientData(sel: number, type: number, data: Buffer): void {
    const s = this.sels[sel];
    if (!s) return;
    const i = s.appRequests.findIndex((r) => r.type === type);
    if (i < 0) {
      if (type === CLIPBOARD_TYPE.NONE && s.appRequests.length > 0) {
        for (const r of s.appRequests.splice(0)) this.finishApp(r, undefined);
        return;
      }
      this.log.warn(`sel ${sel}: no request waiting for type ${type}: skipping`);
      return;
    }
    const [r] = s.appRequests.splice(i, 1);
    if (this.finishApp(r!, { type: r!.req.target, format: 8, data })) this.log.debug(`sel ${sel}: ${data.length} bytes to a guest app (INCR)`);
  }

  /** The client's owner went away. */
  clientRelease(sel: number): void {
    const s = this.sels[sel];
    if (!s || s.owner !== 'client') return;
    this.clearOwnership(sel);
  }

  /** The client disconnected: drop what it owned, release what the guest owned. */
  releaseAll(): void {
    this.sels.forEach((s, sel) => {
      const was = s.owner;
      if (was === 'client') this.clearOwnership(sel);
      else this.newOwner(sel, 'none');
      if (was === 'guest') this.link.release(sel);
    });
  }

  close(): void {
    this.server.close();
    this.sels.forEach((s, sel) => this.newOwner(sel, 'none'));
  }

  // ---- X events --------------------------------------------------------

  private onEvent(ev: XEvent): void {
    if (this.fetcher.handleEvent(ev) || this.server.handleEvent(ev)) return;
    if (ev.name === 'PropertyNotify' && ev.wid === this.x.window && ev.atom === this.atoms.stamp) {
      this.stampWaiters.shift()?.(ev.time);
      return;
    }
    if (ev.type === this.fixesEvent) return this.onOwnerChange(ev);
    if (ev.name === SELECTION_REQUEST) return this.onRequest(ev);
    if (ev.name === SELECTION_CLEAR && ev.owner === this.x.window) {
      const sel = this.sels.findIndex((s) => s.atom === ev.selection);
      if (sel >= 0 && this.sels[sel]!.owner === 'client') this.newOwner(sel, 'none');
    }
  }

  private onOwnerChange(ev: XEvent): void {
    const sel = this.sels.findIndex((s) => s.atom === ev.selection);
    if (sel < 0 || ev.owner === this.x.window) return; // our own grab
    const s = this.sels[sel]!;
    if (ev.subtype !== XFIXES_SET_OWNER || ev.owner === 0) {
      if (s.owner === 'guest') {
        this.newOwner(sel, 'none');
        this.link.release(sel);
      }
      return;
    }
    void this.guestTookOwnership(sel, ev.selectionTimestamp);
  }

  private async guestTookOwnership(sel: number, time: number): Promise<void> {
    const s = this.sels[sel]!;
    // A newer owner change makes this TARGETS answer stale.
    const seq = ++s.targetsSeq;
    let names: string[] = [];
    try {
      const got = await this.fetcher.fetch(s.atom, this.atoms.TARGETS, time);
      if (got && got.data.length >= 4) {
        const atoms: number[] = [];
        for (let off = 0; off + 4 <= got.data.length; off += 4) atoms.push(got.data.readUInt32LE(off));
        names = await Promise.all(atoms.filter((a) => a !== 0).map((a) => this.x.atomName(a)));
      }
    } catch (err) {
      this.log.warn(`sel ${sel}: reading the new owner's TARGETS failed: ${(err as Error).message}`);
    }
    if (s.targetsSeq !== seq) return;
    const { types, target } = typesFromTargets(names);
    if (types.length === 0) {
      this.log.warn(`sel ${sel}: no target supported (${names.join(', ') || 'no TARGETS answer'})`);
      return;
    }
    this.newOwner(sel, 'guest');
    s.targets = target;
    this.log.debug(`sel ${sel}: guest owns it, types ${types.join(',')}`);
    this.link.grab(sel, types);
  }

  private onRequest(req: XEvent): void {
    const sel = this.sels.findIndex((s) => s.atom === req.selection);
    const s = this.sels[sel];
    if (!s || s.owner !== 'client' || req.owner !== this.x.window) {
      this.server.reply(req, undefined);
      return;
    }
    if (req.target === this.atoms.TARGETS) {
      this.server.reply(req, atomList([this.atoms.TARGETS, this.atoms.TIMESTAMP, ...s.offered]));
      return;
    }
    if (req.target === this.atoms.TIMESTAMP) {
      this.server.reply(req, { type: INTEGER, format: 32, data: atomList([s.grabTime]).data });
      return;
    }
    void this.x.atomName(req.target).then(
      (name) => {
        const type = typeOfTarget(name);
        if (type === CLIPBOARD_TYPE.NONE || !s.clientTypes.includes(type) || s.owner !== 'client') {
          this.server.reply(req, undefined);
          return;
        }
        const timer = setTimeout(() => {
          const i = s.appRequests.indexOf(r);
          if (i >= 0) this.finishApp(s.appRequests.splice(i, 1)[0]!, undefined);
        }, this.opts.pasteTimeoutMs);
        const r: AppRequest = { req, type, timer };
        s.appRequests.push(r);
        this.link.request(sel, type);
      },
      () => void this.server.reply(req, undefined),
    );
  }

  // ---- helpers ---------------------------------------------------------

  private finishApp(r: AppRequest, answer: { type: number; format: 8; data: Buffer } | undefined): boolean {
    clearTimeout(r.timer);
    return this.server.reply(r.req, answer);
  }

  /** clipboard.c's clipboard_new_owner: refuse guest pastes, answer client requests with NONE. */
  private newOwner(sel: number, owner: Owner): void {
    const s = this.sels[sel]!;
    for (const r of s.appRequests.splice(0)) this.finishApp(r, undefined);
    for (; s.clientRequests > 0; s.clientRequests--) this.link.data(sel, CLIPBOARD_TYPE.NONE, Buffer.alloc(0));
    s.generation++;
    s.owner = owner;
    if (owner !== 'guest') s.targets = new Map();
    if (owner !== 'client') {
      s.clientTypes = [];
      s.offered = [];
    }
  }

  private clearOwnership(sel: number): void {
    const s = this.sels[sel]!;
    this.newOwner(sel, 'none');
    this.x.raw.SetSelectionOwner(0, s.atom, s.grabTime);
  }

  /** A server timestamp (ICCCM: never own a selection at CurrentTime): a zero-length append and its PropertyNotify. */
  private serverTime(): Promise<number> {
    return new Promise((resolve) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        resolve(CURRENT_TIME);
      }, this.opts.timeoutMs);
      this.stampWaiters.push((time) => {
        clearTimeout(timer);
        if (!done) resolve(time);
      });
      this.x.changeProperty(2, this.x.window, this.atoms.stamp, this.atoms.stamp, 8, Buffer.alloc(0));
    });
  }
}
