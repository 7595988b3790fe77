import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeInputEvents, encodeInputEvents } from './input-event.js';
import { openRawEventWriter } from './raw-event-writer.js';
import {
  UI_ABS_SETUP, UI_DEV_CREATE, UI_DEV_DESTROY, UI_DEV_SETUP, UI_SET_ABSBIT, UI_SET_EVBIT, UI_SET_KEYBIT, UI_SET_RELBIT,
} from './uinput-ioctl.js';
import type { UinputDevice } from './uinput-ioctl.js';
import { TABLET_NAME, openUinputTablet } from './uinput-tablet.js';

function recorder(failOn?: number): UinputDevice & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    open: async (path) => (calls.push(`open ${path}`), 7),
    ioctlValue(fd, req, arg) {
      calls.push(`ioctl ${fd} 0x${req.toString(16)} ${arg}`);
      if (req === failOn) throw new Error('EPERM');
    },
    ioctlStruct(fd, req, buf) {
      calls.push(`ioctl ${fd} 0x${req.toString(16)} ${buf.toString('hex')}`);
    },
    write: async (fd, data) => void calls.push(`write ${fd} ${data.toString('hex')}`),
    close: async (fd) => void calls.push(`close ${fd}`),
  };
}

describe('uinput tablet', () => {
  it('uses the linux/uinput.h ioctl numbers', () => {
    expect([UI_DEV_CREATE, UI_DEV_DESTROY, UI_DEV_SETUP, UI_ABS_SETUP, UI_SET_EVBIT, UI_SET_KEYBIT, UI_SET_RELBIT, UI_SET_ABSBIT].map((n) => n.toString(16))).toEqual([
      '5501', '5502', '405c5503', '401c5504', '40045564', '40045565', '40045566', '40045567',
    ]);
  });

  it('makes the exact ioctl sequence of the spice vdagent tablet, writes events, destroys on close', async () => {
    const dev = recorder();
    const t = await openUinputTablet('/dev/uinput', 1824, 768, dev);
    await t.send([{ type: 3, code: 0, value: 100 }, { type: 0, code: 0, value: 0 }]);
    await t.close();
    const abs = (code: number, max: number) => {
      const b = Buffer.alloc(28);
      b.writeUInt16LE(code, 0);
      b.writeInt32LE(max, 12);
      return b.toString('hex');
    };
    const setup = Buffer.alloc(92);
    setup.writeUInt16LE(6, 0);
    setup.write(TABLET_NAME, 8, 'latin1');
    expect(dev.calls).toEqual([
      'open /dev/uinput',
      'ioctl 7 0x40045564 1',
      'ioctl 7 0x40045565 272', 'ioctl 7 0x40045565 274', 'ioctl 7 0x40045565 273', 'ioctl 7 0x40045565 275', 'ioctl 7 0x40045565 276',
      'ioctl 7 0x40045564 2',
      'ioctl 7 0x40045566 8',
      'ioctl 7 0x40045564 3',
      'ioctl 7 0x40045567 0', 'ioctl 7 0x40045567 1',
      `ioctl 7 0x401c5504 ${abs(0, 1823)}`,
      `ioctl 7 0x401c5504 ${abs(1, 767)}`,
      `ioctl 7 0x405c5503 ${setup.toString('hex')}`,
      'ioctl 7 0x5501 0',
      `write 7 ${encodeInputEvents([{ type: 3, code: 0, value: 100 }, { type: 0, code: 0, value: 0 }]).toString('hex')}`,
      'ioctl 7 0x5502 0',
      'close 7',
    ]);
  });

  it('closes the fd and says what to do when the kernel refuses', async () => {
    const dev = recorder(UI_DEV_CREATE);
    await expect(openUinputTablet('/dev/uinput', 10, 10, dev)).rejects.toThrow(/modprobe uinput/);
    expect(dev.calls.at(-1)).toBe('close 7');
  });
  // The real kernel device: apps/spice-vdagent test/vm (the project VM loads uinput; CI containers have none).
});

describe('raw input_event writer (-f)', () => {
  it('writes 24-byte records with zero timestamps (V9)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raw-events-'));
    try {
      const w = await openRawEventWriter(join(dir, 'ev'), 1024, 768);
      await w.send([{ type: 3, code: 0, value: 100 }]);
      await w.close();
      const bytes = readFileSync(join(dir, 'ev'));
      expect(bytes.toString('hex')).toBe('00000000000000000000000000000000' + '0300' + '0000' + '64000000');
      expect(decodeInputEvents(bytes)).toEqual([{ type: 3, code: 0, value: 100 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
