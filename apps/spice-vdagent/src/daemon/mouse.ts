/**
 * Client-mouse mode: VDAgentMouseState -> absolute pointer events, as
 * spice-vdagentd's uinput.c does it: position relative to monitor
 * `display_id` plus that monitor's offset; only what changed since the last
 * state is emitted (ABS_X, ABS_Y, each button edge, a wheel step on the
 * rising edge of the up/down bits), then SYN_REPORT.
 */
import {
  ABS_X, ABS_Y, BTN_EXTRA, BTN_LEFT, BTN_MIDDLE, BTN_RIGHT, BTN_SIDE, EV_ABS, EV_KEY, EV_REL, EV_SYN, REL_WHEEL, SYN_REPORT,
} from '@ga/guest-os/input/input-event';
import type { InputEvent } from '@ga/guest-os/input/input-event';
import type { ScreenInfo } from '@ga/framing/udscs-protocol';

/** VD_AGENT_*BUTTON_MASK -> key code. */
const BUTTONS: ReadonlyArray<[mask: number, code: number]> = [
  [0x02, BTN_LEFT],
  [0x04, BTN_MIDDLE],
  [0x08, BTN_RIGHT],
  [0x40, BTN_SIDE],
  [0x80, BTN_EXTRA],
];
const WHEEL: ReadonlyArray<[mask: number, step: number]> = [
  [0x10, 1],
  [0x20, -1],
];

export interface MouseState {
  x: number;
  y: number;
  buttons: number;
  display_id: number;
}

export class MouseTracker {
  private last: { x: number; y: number; buttons: number } = { x: 0, y: 0, buttons: 0 };

  /** Forget the last state (a new device starts from zero, like the reference's fresh struct). */
  reset(): void {
    this.last = { x: 0, y: 0, buttons: 0 };
  }

  /** The events for `m`, or a reason when the monitor is unknown. */
  events(m: MouseState, screens: readonly ScreenInfo[]): InputEvent[] | string {
    const screen = screens.find((s) => s.display_id === m.display_id);
    if (!screen) return `mouse event for unknown monitor ${m.display_id}`;
    const x = (m.x + screen.x) | 0;
    const y = (m.y + screen.y) | 0;
    const out: InputEvent[] = [];
    if (x !== this.last.x) out.push({ type: EV_ABS, code: ABS_X, value: x });
    if (y !== this.last.y) out.push({ type: EV_ABS, code: ABS_Y, value: y });
    for (const [mask, code] of BUTTONS) {
      if ((this.last.buttons & mask) !== (m.buttons & mask)) out.push({ type: EV_KEY, code, value: m.buttons & mask ? 1 : 0 });
    }
    for (const [mask, step] of WHEEL) {
      if ((this.last.buttons & mask) !== (m.buttons & mask) && m.buttons & mask) out.push({ type: EV_REL, code: REL_WHEEL, value: step });
    }
    out.push({ type: EV_SYN, code: SYN_REPORT, value: 0 });
    this.last = { x, y, buttons: m.buttons };
    return out;
  }
}
