import { describe, expect, it } from '@jest/globals';
import { UdscsDecoder, decodeScreens, encodeScreens, encodeUdscs } from './codec.js';
import { UDSCS } from './protocol.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
// Observed from Debian's spice-vdagentd 0.22.1 and spice-vdagent (spice-vdagent.md §6, udscs vectors).
const VERSION = hex('06000000 00000000 00000000 07000000 302e3232 2e3100');
const RESOLUTION = hex('00000000 20070000 00030000 28000000 00040000 00030000 00000000 00000000 00000000 20030000 58020000 00040000 00000000 01000000');
const GRAB = hex('02000000 00000000 00000000 04000000 01000000');
const NO_SPACE = hex('09000000 02000000 04000000 08000000 00100000 00000000');

describe('udscs codec', () => {
  it('encodes the recorded vectors byte for byte', () => {
    expect(encodeUdscs(UDSCS.VERSION, 0, 0, Buffer.from('0.22.1\0'))).toEqual(VERSION);
    const screens = [{ width: 1024, height: 768, x: 0, y: 0, display_id: 0 }, { width: 800, height: 600, x: 1024, y: 0, display_id: 1 }];
    expect(encodeUdscs(UDSCS.GUEST_XORG_RESOLUTION, 1824, 768, encodeScreens(screens))).toEqual(RESOLUTION);
    expect(decodeScreens(RESOLUTION.subarray(16))).toEqual(screens);
    expect(encodeUdscs(UDSCS.CLIPBOARD_GRAB, 0, 0, hex('01000000'))).toEqual(GRAB);
    expect(encodeUdscs(UDSCS.FILE_XFER_STATUS, 2, 4, hex('00100000 00000000'))).toEqual(NO_SPACE);
  });

  it('reassembles messages split anywhere, several per chunk', () => {
    const all = Buffer.concat([VERSION, RESOLUTION, GRAB, NO_SPACE]);
    for (const step of [1, 3, 16, 17, all.length]) {
      const d = new UdscsDecoder(1024);
      const got = [];
      for (let off = 0; off < all.length; off += step) got.push(...d.push(all.subarray(off, off + step)));
      expect(got.map((e) => (e.kind === 'message' ? e.message.type : -1))).toEqual([6, 0, 2, 9]);
    }
  });

  it('refuses a header announcing more than the cap and stays poisoned', () => {
    const d = new UdscsDecoder(8);
    expect(d.push(hex('04000000 00000000 01000000 00010000'))).toEqual([{ kind: 'too-large', type: 4, size: 256 }]);
    expect(d.push(GRAB)).toEqual([]);
  });

  it('rejects a resolution whose size is not a multiple of 20', () => {
    expect(decodeScreens(Buffer.alloc(21))).toBeUndefined();
  });
});
