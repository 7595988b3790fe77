/**
 * The "spice vdagent tablet": a uinput absolute pointer with the buttons and
 * wheel spice-vdagentd declares (uinput.c in 0.22.1), set up with the modern
 * UI_DEV_SETUP / UI_ABS_SETUP ioctls instead of writing the legacy
 * uinput_user_dev struct. The device is created for one desktop size; the
 * daemon opens a new one when the size changes, as the reference does.
 */
import { ABS_X, ABS_Y, BTN_EXTRA, BTN_LEFT, BTN_MIDDLE, BTN_RIGHT, BTN_SIDE, EV_ABS, EV_KEY, EV_REL, REL_WHEEL, encodeInputEvents } from './input-event.js';
import type { InputEvent } from './input-event.js';
import type { PointerDevice } from './pointer.js';
import {
  BUS_VIRTUAL,
  UINPUT_ABS_SETUP_SIZE,
  UINPUT_MAX_NAME_SIZE,
  UINPUT_SETUP_SIZE,
  UI_ABS_SETUP,
  UI_DEV_CREATE,
  UI_DEV_DESTROY,
  UI_DEV_SETUP,
  UI_SET_ABSBIT,
  UI_SET_EVBIT,
  UI_SET_KEYBIT,
  UI_SET_RELBIT,
  kernelUinput,
} from './uinput-ioctl.js';
import type { UinputDevice } from './uinput-ioctl.js';

export const TABLET_NAME = 'spice vdagent tablet';

export function uinputSetup(name: string): Buffer {
  const b = Buffer.alloc(UINPUT_SETUP_SIZE);
  b.writeUInt16LE(BUS_VIRTUAL, 0);
  // vendor/product/version stay 0, as the reference leaves them.
  b.write(name.slice(0, UINPUT_MAX_NAME_SIZE - 1), 8, 'latin1');
  return b;
}

export function uinputAbsSetup(code: number, max: number): Buffer {
  const b = Buffer.alloc(UINPUT_ABS_SETUP_SIZE);
  b.writeUInt16LE(code, 0);
  // input_absinfo: value, minimum, maximum, fuzz, flat, resolution.
  b.writeInt32LE(max, 4 + 8);
  return b;
}

export async function openUinputTablet(path: string, width: number, height: number, dev: UinputDevice = kernelUinput): Promise<PointerDevice> {
  const fd = await dev.open(path);
  try {
    dev.ioctlValue(fd, UI_SET_EVBIT, EV_KEY);
    for (const btn of [BTN_LEFT, BTN_MIDDLE, BTN_RIGHT, BTN_SIDE, BTN_EXTRA]) dev.ioctlValue(fd, UI_SET_KEYBIT, btn);
    dev.ioctlValue(fd, UI_SET_EVBIT, EV_REL);
    dev.ioctlValue(fd, UI_SET_RELBIT, REL_WHEEL);
    dev.ioctlValue(fd, UI_SET_EVBIT, EV_ABS);
    dev.ioctlValue(fd, UI_SET_ABSBIT, ABS_X);
    dev.ioctlValue(fd, UI_SET_ABSBIT, ABS_Y);
    dev.ioctlStruct(fd, UI_ABS_SETUP, uinputAbsSetup(ABS_X, Math.max(0, width - 1)));
    dev.ioctlStruct(fd, UI_ABS_SETUP, uinputAbsSetup(ABS_Y, Math.max(0, height - 1)));
    dev.ioctlStruct(fd, UI_DEV_SETUP, uinputSetup(TABLET_NAME));
    dev.ioctlValue(fd, UI_DEV_CREATE, 0);
  } catch (err) {
    await dev.close(fd);
    throw new Error(`cannot create the uinput tablet on ${path}: ${(err as Error).message}; is the uinput module loaded (modprobe uinput)?`, { cause: err });
  }
  let closed = false;
  return {
    width,
    height,
    send: (events: readonly InputEvent[]) => (closed ? Promise.reject(new Error('tablet closed')) : dev.write(fd, encodeInputEvents(events))),
    async close() {
      if (closed) return;
      closed = true;
      try {
        dev.ioctlValue(fd, UI_DEV_DESTROY, 0);
      } catch {
        // closing the fd destroys the device too
      }
      await dev.close(fd);
    },
  };
}
