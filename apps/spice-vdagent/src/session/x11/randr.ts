/**
 * Display configuration through RandR ≥ 1.3, the way x11-randr.c applies a
 * monitors config: outputs without a monitor (or too big for the new
 * screen) are switched off, the screen is resized (with its size in mm),
 * then every monitor gets a mode of its size (created with RRCreateMode
 * when the output has none, named WxH-N like the original's) at its
 * position. `current()` reads the layout back for GUEST_XORG_RESOLUTION.
 * Screen changes made by others arrive as RRScreenChangeNotify/CrtcChange.
 */
import type { ScreenInfo } from '@ga/framing/udscs-protocol';
import { reducedCvtMode } from '../cvt.js';
import type { Layout, ScreenRange } from '../monitors-config.js';
import type { XConn, XEvent } from './xconn.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = any;

interface Resources {
  config_timestamp: number;
  crtcs: number[];
  outputs: number[];
  modeinfos: { id: number; width: number; height: number; name: string }[];
}

export interface CurrentLayout {
  width: number;
  height: number;
  screens: ScreenInfo[];
}

const ROTATE_0 = 1;

function call<T>(fn: (cb: (err: Error | null | undefined, v: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));
}

export class RandR {
  private constructor(
    private readonly x: XConn,
    private readonly ext: Raw,
  ) {}

  /** Undefined when the server lacks RandR 1.3 (the original then does not resize either). */
  static async open(x: XConn): Promise<RandR | undefined> {
    let ext: Raw;
    try {
      ext = await x.ext('randr');
    } catch {
      return undefined;
    }
    if (ext.major_version < 1 || (ext.major_version === 1 && ext.minor_version < 3)) return undefined;
    ext.SelectInput(x.root, ext.NotifyMask.ScreenChange | ext.NotifyMask.CrtcChange);
    return new RandR(x, ext);
  }

  /** True for the events after which the layout should be re-reported. */
  isChange(ev: XEvent): boolean {
    return ev.type === this.ext.firstEvent || ev.type === this.ext.firstEvent + 1;
  }

  range(): Promise<ScreenRange> {
    return call((cb) => this.ext.GetScreenSizeRange(this.x.root, cb));
  }

  async outputCount(): Promise<number> {
    return (await this.resources()).outputs.length;
  }

  async current(): Promise<CurrentLayout> {
    const res = await this.resources();
    const root = await call<{ width: number; height: number }>((cb) => this.x.raw.GetGeometry(this.x.root, cb));
    const screens: ScreenInfo[] = [];
    for (let i = 0; i < res.outputs.length; i++) {
      const out = await call<Raw>((cb) => this.ext.GetOutputInfo(res.outputs[i], res.config_timestamp, cb));
      if (!out.crtc) continue;
      const crtc = await call<Raw>((cb) => this.ext.GetCrtcInfo(out.crtc, res.config_timestamp, cb));
      if (!crtc.mode) continue;
      screens.push({ width: crtc.width, height: crtc.height, x: crtc.x, y: crtc.y, display_id: i });
    }
    return { width: root.width, height: root.height, screens };
  }

  /** Apply a planned layout; throws with what failed. */
  async apply(layout: Layout): Promise<void> {
    let res = await this.resources();
    const cur = await this.current();
    const same =
      cur.width === layout.width &&
      cur.height === layout.height &&
      layout.outputs.every((o, i) => {
        const s = cur.screens.find((c) => c.display_id === i);
        return o.width === 0 ? !s : !!s && s.width === o.width && s.height === o.height && s.x === o.x && s.y === o.y;
      });
    if (same) return;
    const crtcOf = async (i: number): Promise<number> => {
      const out = await call<Raw>((cb) => this.ext.GetOutputInfo(res.outputs[i], res.config_timestamp, cb));
      return out.crtc || out.crtcs[0] || 0;
    };
    // Off first: outputs without a monitor, and those that would not fit the new screen (BadMatch otherwise).
    for (let i = 0; i < res.outputs.length; i++) {
      const want = layout.outputs[i];
      const s = cur.screens.find((c) => c.display_id === i);
      if (!s) continue;
      if (!want || want.width === 0 || s.x + s.width > layout.width || s.y + s.height > layout.height) await this.setCrtc(res, await crtcOf(i), 0, 0, 0, []);
    }
    if (cur.width !== layout.width || cur.height !== layout.height) {
      this.ext.SetScreenSize(this.x.root, layout.width, layout.height, layout.mmWidth, layout.mmHeight);
      await this.x.sync();
    }
    for (let i = 0; i < layout.outputs.length && i < res.outputs.length; i++) {
      const o = layout.outputs[i]!;
      if (o.width === 0) continue;
      const output = res.outputs[i]!;
      const info = await call<Raw>((cb) => this.ext.GetOutputInfo(output, res.config_timestamp, cb));
      let mode = res.modeinfos.find((m) => info.modes.includes(m.id) && m.width === o.width && m.height === o.height)?.id;
      if (!mode) {
        const name = `${o.width}x${o.height}-${i}`;
        mode = res.modeinfos.find((m) => m.name === name)?.id;
        if (!mode) mode = await call<number>((cb) => this.ext.CreateMode(this.x.root, { ...reducedCvtMode(o.width, o.height), name }, cb));
        this.ext.AddOutputMode(output, mode);
        await this.x.sync();
        res = await this.resources();
      }
      const crtc = info.crtc || info.crtcs[0];
      if (!crtc) throw new Error(`output ${i} has no CRTC`);
      await this.setCrtc(res, crtc, o.x, o.y, mode!, [output]);
    }
  }

  private async setCrtc(res: Resources, crtc: number, x: number, y: number, mode: number, outputs: number[]): Promise<void> {
    const r = await call<{ status: number }>((cb) => this.ext.SetCrtcConfig(crtc, 0, res.config_timestamp, x, y, mode, ROTATE_0, outputs, cb));
    if (r.status !== 0) throw new Error(`RRSetCrtcConfig status ${r.status}`);
  }

  private resources(): Promise<Resources> {
    return call((cb) => this.ext.GetScreenResourcesCurrent(this.x.root, cb));
  }
}
