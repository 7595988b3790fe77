import { describe, expect, it } from '@jest/globals';
import { NOT_NEGOTIATED, decodeMessage, encodeMessage, hasExactSize, minimumPayloadSize, negotiate } from './codec.js';
import type { CodecContext } from './codec.js';
import { MESSAGES, VD_AGENT_CAP, capabilityAllows, capsWords, hasCap, messageSpec, messageType } from './messages.js';
import { NEGOTIATED_VECTORS, PLAIN_VECTORS, V, hex } from './__fixtures__/vectors.js';

const BOTH: CodecContext = { selection: true, serial: true };
/** The message bytes of a single-chunk vector (drop the 8-byte chunk header). */
const msg = (name: keyof typeof V) => hex(V[name]).subarray(8);

describe('message table', () => {
  it('has one row per VD_AGENT_* type 1..16 with unique names', () => {
    expect(MESSAGES.map((m) => m.type)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(new Set(MESSAGES.map((m) => m.name)).size).toBe(16);
    expect(messageSpec(0)).toBeUndefined();
    expect(messageSpec(17)).toBeUndefined();
    expect(messageType('ANNOUNCE_CAPABILITIES')).toBe(6);
    expect(() => messageType('NOPE')).toThrow(/unknown VDAgent message name/);
  });

  it('derives the Linux daemon size rules (spice-vdagent.md §2.1) from the layouts', () => {
    // [name, min without caps, exact?, min with selection+serial]
    const rules: Array<[string, number, boolean, number]> = [
      ['MOUSE_STATE', 13, true, 13], ['MONITORS_CONFIG', 8, true, 8], ['REPLY', 8, true, 8], ['CLIPBOARD', 4, false, 8],
      ['DISPLAY_CONFIG', 8, true, 8], ['ANNOUNCE_CAPABILITIES', 4, false, 4], ['CLIPBOARD_GRAB', 0, false, 8],
      ['CLIPBOARD_REQUEST', 4, true, 8], ['CLIPBOARD_RELEASE', 0, true, 1], ['FILE_XFER_START', 4, false, 4],
      ['FILE_XFER_STATUS', 8, false, 8], ['FILE_XFER_DATA', 12, false, 12], ['CLIENT_DISCONNECTED', 0, true, 0],
      ['MAX_CLIPBOARD', 4, true, 4], ['AUDIO_VOLUME_SYNC', 3, true, 3], ['GRAPHICS_DEVICE_INFO', 4, true, 4],
    ];
    for (const [name, min, exact, minBoth] of rules) {
      const spec = messageSpec(messageType(name))!;
      expect([name, spec.minSize, minimumPayloadSize(spec), hasExactSize(spec), minimumPayloadSize(spec, BOTH)]).toEqual([name, min, min, exact, minBoth]);
    }
  });

  it('gates types on the receiver\'s announced capabilities', () => {
    const linux = [0x00038de7];
    expect(capabilityAllows(messageSpec(5)!, linux)).toBe(false); // DISPLAY_CONFIG: Linux does not announce it
    expect(capabilityAllows(messageSpec(5)!, [0x000006b7])).toBe(true); // Windows does
    expect(capabilityAllows(messageSpec(1)!, linux)).toBe(true);
    expect(capabilityAllows(messageSpec(6)!, [])).toBe(true); // ANNOUNCE_CAPABILITIES is never gated
    expect(capabilityAllows(messageSpec(14)!, [0x00035077])).toBe(false); // spice-gtk has no MAX_CLIPBOARD
  });

  it('computes capability words like the reference agents', () => {
    const linux = capsWords(['MOUSE_STATE', 'MONITORS_CONFIG', 'REPLY', 'CLIPBOARD_BY_DEMAND', 'CLIPBOARD_SELECTION', 'SPARSE_MONITORS_CONFIG',
      'GUEST_LINEEND_LF', 'MAX_CLIPBOARD', 'AUDIO_VOLUME_SYNC', 'GRAPHICS_DEVICE_INFO', 'CLIPBOARD_NO_RELEASE_ON_REGRAB', 'CLIPBOARD_GRAB_SERIAL']);
    expect(linux).toEqual([0x00038de7]);
    expect(hasCap([0x00035077], 'CLIPBOARD_SELECTION')).toBe(true);
    expect(hasCap([0x000006b7], 'CLIPBOARD_SELECTION')).toBe(false);
    expect(hasCap([], 'MOUSE_STATE')).toBe(false);
    expect(capsWords(['CLIPBOARD_GRAB_SERIAL'])[0]).toBe(1 << VD_AGENT_CAP.CLIPBOARD_GRAB_SERIAL);
    expect(negotiate([0x00038de7], [0x00035077])).toEqual(BOTH);
    expect(negotiate([0x00038de7], [0x000006b7])).toEqual(NOT_NEGOTIATED);
  });
});

describe('decodeMessage / encodeMessage on the recorded vectors', () => {
  const plain = Object.keys(V).filter((k) => !NEGOTIATED_VECTORS.includes(k as keyof typeof V) && k !== 'v17BadProtocol') as Array<keyof typeof V>;

  it.each(plain)('%s decodes without negotiated caps and re-encodes byte-exactly', (name) => {
    const r = decodeMessage(msg(name), NOT_NEGOTIATED);
    if (!r.ok) throw new Error(r.error);
    expect(encodeMessage(r.message, NOT_NEGOTIATED).equals(msg(name))).toBe(true);
  });

  it.each(NEGOTIATED_VECTORS)('%s decodes with selection+serial and re-encodes byte-exactly', (name) => {
    const r = decodeMessage(msg(name), BOTH);
    if (!r.ok) throw new Error(r.error);
    expect(encodeMessage(r.message, BOTH).equals(msg(name))).toBe(true);
  });

  it('decodes fields per the layouts', () => {
    expect(decodeMessage(msg('v1CapsRequest'))).toEqual({ ok: true, message: { type: 6, name: 'ANNOUNCE_CAPABILITIES', opaque: 0n, fields: { request: 1, caps: [0x00038de7] } } });
    expect(decodeMessage(msg('v9Mouse'))).toMatchObject({ ok: true, message: { name: 'MOUSE_STATE', fields: { x: 100, y: 200, buttons: 2, display_id: 0 } } });
    expect(decodeMessage(msg('v3MaxClipboard'))).toMatchObject({ ok: true, message: { fields: { max: 100 * 1024 * 1024 } } });
    expect(decodeMessage(msg('v19MaxClipboardUnlimited'))).toMatchObject({ ok: true, message: { fields: { max: -1 } } });
    expect(decodeMessage(msg('v5MonitorsPhysical'))).toMatchObject({
      ok: true,
      message: { fields: { num_of_monitors: 2, flags: 3, monitors: [{ height: 768, width: 1024, depth: 32, x: 0, y: 0 }, { height: 600, width: 800, depth: 32, x: 1024, y: 0 }], physical_sizes: [{ height: 190, width: 340 }, { height: 150, width: 270 }] } },
    });
    expect(decodeMessage(msg('v6HostGrab'), BOTH)).toMatchObject({ ok: true, message: { fields: { selection: 0, serial: 0, types: [1] } } });
    expect(decodeMessage(msg('v18GrabNoSelection'))).toMatchObject({ ok: true, message: { fields: { types: [1] } } });
    expect(decodeMessage(msg('v19Volume'))).toMatchObject({ ok: true, message: { fields: { is_playback: 1, mute: 0, nchannels: 2, volume: [0x7fff, 0x7fff] } } });
    const gdi = decodeMessage(msg('v19GraphicsDeviceInfo'));
    expect(gdi.ok && (gdi.message.fields.display_info as Array<{ device_address: Buffer }>)[0]!.device_address.toString('latin1')).toBe('pci/0000/02.0\0');
    const data = decodeMessage(msg('v12Data'));
    expect(data.ok && data.message.fields).toEqual({ id: 1, size: 5n, data: Buffer.from('hello') });
  });

  it('builds the V10 clipboard and V4 reply from fields', () => {
    expect(encodeMessage({ type: 4, fields: { selection: 0, type: 1, data: Buffer.from('héllo wörld') } }, BOTH).equals(msg('v10AgentClipboard'))).toBe(true);
    expect(encodeMessage({ type: messageType('REPLY'), fields: { type: 2, error: 1 } }).equals(msg('v4Reply'))).toBe(true);
    expect(encodeMessage({ type: 2, fields: { flags: 1, monitors: [{ height: 768, width: 1024, depth: 32, x: 0, y: 0 }, { height: 600, width: 800, depth: 32, x: 1024, y: 0 }] } }).equals(msg('v4Monitors'))).toBe(true);
    expect(encodeMessage({ type: 16, fields: { display_info: [{ channel_id: 0, monitor_id: 0, device_display_id: 0, device_address: Buffer.from('pci/0000/02.0\0') }] } }).equals(msg('v19GraphicsDeviceInfo'))).toBe(true);
  });
});

describe('decodeMessage rejections (logged and dropped, never thrown)', () => {
  it('rejects protocol != 1 (V17)', () => {
    expect(decodeMessage(msg('v17BadProtocol'))).toEqual({ ok: false, type: 8, error: 'protocol 2 is not 1' });
  });

  it('rejects unknown types, short headers and size mismatches', () => {
    const unknown = Buffer.from(msg('v11ClientDisconnected'));
    unknown.writeUInt32LE(17, 4);
    expect(decodeMessage(unknown)).toMatchObject({ ok: false, error: 'unknown message type 17' });
    expect(decodeMessage(Buffer.alloc(19))).toMatchObject({ ok: false });
    expect(decodeMessage(Buffer.concat([msg('v9Mouse'), Buffer.from([0])]))).toMatchObject({ ok: false, error: 'header says 13 payload bytes, got 14' });
  });

  it('applies per-type size checks', () => {
    const mouse12 = encodeMessage({ type: 13 });
    mouse12.writeUInt32LE(1, 4);
    const short = Buffer.concat([mouse12.subarray(0, 16), Buffer.from([12, 0, 0, 0]), Buffer.alloc(12)]);
    expect(decodeMessage(short)).toMatchObject({ ok: false, error: 'MOUSE_STATE: 12 bytes is below the minimum 13' });
    // A CLIPBOARD_REQUEST with a selection block, received before selection was negotiated: exact size 4.
    expect(decodeMessage(msg('v10Request'))).toMatchObject({ ok: false, error: 'CLIPBOARD_REQUEST: invalid size 8, layout needs 4' });
    // MONITORS_CONFIG whose count does not match its size.
    const mon = Buffer.from(msg('v4Monitors'));
    mon.writeUInt32LE(3, 20);
    expect(decodeMessage(mon)).toMatchObject({ ok: false, type: 2 });
    // FILE_XFER_DATA whose size field disagrees with the bytes.
    const data = Buffer.from(msg('v12Data'));
    data.writeUInt32LE(6, 24);
    expect(decodeMessage(data)).toMatchObject({ ok: false, error: 'FILE_XFER_DATA: size 6 != 5 data bytes' });
    // A release longer than its 4-byte selection block.
    expect(decodeMessage(encodeMessage({ type: 9, fields: { selection: 1, reserved: Buffer.alloc(4) } }, BOTH), BOTH)).toMatchObject({ ok: false, error: 'CLIPBOARD_RELEASE: more than 4 bytes' });
  });

  it('encodes a release given only its selection as the spec\'s 4 bytes (V14), and none without selection framing (V18)', () => {
    expect(encodeMessage({ type: 9, fields: { selection: 1 } }, BOTH)).toEqual(msg('v14Release'));
    expect(encodeMessage({ type: 9 }, NOT_NEGOTIATED)).toEqual(msg('v18ReleaseNoSelection'));
    // The reference's 1-byte quirk (V15) still decodes, and re-encodes as it came when its tail is given.
    const quirk = decodeMessage(msg('v15Release1ByteSel1'), BOTH);
    expect(quirk).toMatchObject({ ok: true, message: { fields: { selection: 1 } } });
    if (quirk.ok) expect(encodeMessage({ type: 9, fields: quirk.message.fields }, BOTH)).toEqual(msg('v15Release1ByteSel1'));
  });

  it('encodeMessage refuses fields that do not fit', () => {
    expect(() => encodeMessage({ type: 99 })).toThrow(RangeError);
    expect(() => encodeMessage({ type: 1, fields: { x: 1, y: 2 } })).toThrow(/field "buttons" must be an integer/);
    expect(() => encodeMessage({ type: 2, fields: { flags: 0, num_of_monitors: 2, monitors: [] } })).toThrow(/num_of_monitors/);
  });
});
