/**
 * Linux input events (linux/input-event-codes.h, linux/input.h): the codes a
 * SPICE absolute tablet uses and the 24-byte `struct input_event` of 64-bit
 * targets (timeval 16 bytes, u16 type, u16 code, s32 value). A zero
 * timestamp lets the kernel (uinput) stamp the event.
 */
export const EV_SYN = 0;
export const EV_KEY = 1;
export const EV_REL = 2;
export const EV_ABS = 3;
export const SYN_REPORT = 0;
export const ABS_X = 0;
export const ABS_Y = 1;
export const REL_WHEEL = 8;
export const BTN_LEFT = 0x110;
export const BTN_RIGHT = 0x111;
export const BTN_MIDDLE = 0x112;
export const BTN_SIDE = 0x113;
export const BTN_EXTRA = 0x114;

export const INPUT_EVENT_SIZE = 24;

export interface InputEvent {
  type: number;
  code: number;
  value: number;
}

/** Events as `struct input_event` records, back to back, timestamps zero. */
export function encodeInputEvents(events: readonly InputEvent[]): Buffer {
  const out = Buffer.alloc(events.length * INPUT_EVENT_SIZE);
  events.forEach((e, i) => {
    const off = i * INPUT_EVENT_SIZE + 16;
    out.writeUInt16LE(e.type, off);
    out.writeUInt16LE(e.code, off + 2);
    out.writeInt32LE(e.value, off + 4);
  });
  return out;
}

/** The inverse, for tests and tools reading a fake-uinput file. */
export function decodeInputEvents(bytes: Buffer): InputEvent[] {
  const out: InputEvent[] = [];
  for (let off = 0; off + INPUT_EVENT_SIZE <= bytes.length; off += INPUT_EVENT_SIZE) {
    out.push({ type: bytes.readUInt16LE(off + 16), code: bytes.readUInt16LE(off + 18), value: bytes.readInt32LE(off + 20) });
  }
  return out;
}
