/**
 * An absolute pointer the SPICE daemon drives in client-mouse mode: a uinput
 * tablet (./uinput-tablet) or, with spice-vdagentd's `-f`, a file or FIFO
 * that receives raw input_event records (./raw-event-writer, for Xspice).
 */
import type { InputEvent } from './input-event.js';

export interface PointerDevice {
  /** Desktop size in pixels: the absolute axes range over 0..width-1 / 0..height-1. */
  readonly width: number;
  readonly height: number;
  /** Write events (one report, ending in SYN_REPORT). Rejects when the device failed. */
  send(events: readonly InputEvent[]): Promise<void>;
  /** Destroy the device and close its file. Idempotent. */
  close(): Promise<void>;
}

/** Opens a pointer for a desktop size; the daemon re-opens when the size changes. */
export type PointerFactory = (width: number, height: number) => Promise<PointerDevice>;
