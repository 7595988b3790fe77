import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NOT_NEGOTIATED, negotiate } from './codec.js';
import { capsWords } from './messages.js';
import { SpiceStreamDecoder, encodeSpiceMessage } from './stream.js';
import { V, hex } from './__fixtures__/vectors.js';

const numRuns = Number(process.env.GA_FUZZ_RUNS ?? 10000);

describe('SpiceStreamDecoder', () => {
  it('decodes the V2 caps exchange and encodes the agent answer byte-exactly', () => {
    const d = new SpiceStreamDecoder();
    const [ev] = d.push(hex(V.v2HostCaps));
    expect(ev).toMatchObject({ kind: 'message', port: 1, message: { name: 'ANNOUNCE_CAPABILITIES', fields: { request: 1, caps: [0x00035077] } } });
    const ours = [0x00038de7];
    d.context = negotiate(ours, [0x00035077]);
    expect(encodeSpiceMessage(1, { type: 6, fields: { request: 0, caps: ours } }).equals(hex(V.v2AgentCaps))).toBe(true);
    expect(d.push(hex(V.v6HostGrab))).toMatchObject([{ kind: 'message', message: { fields: { selection: 0, serial: 0, types: [1] } } }]);
  });

  it('renegotiates framing between messages of one push when ourCaps is set', () => {
    const d = new SpiceStreamDecoder({ ourCaps: [0x00038de7] });
    const evs = d.push(Buffer.concat([hex(V.v2HostCaps), hex(V.v6HostGrab)]));
    expect(evs[1]).toMatchObject({ kind: 'message', message: { fields: { selection: 0, serial: 0, types: [1] } } });
    expect(d.peerCaps).toEqual([0x00035077]);
    expect(d.context).toEqual({ selection: true, serial: true });
    // A peer without selection/serial (Windows agent caps) turns them off again.
    d.push(hex(V.v18WindowsCaps));
    expect(d.context).toEqual(NOT_NEGOTIATED);
    d.reset();
    expect(d.peerCaps).toBeUndefined();
  });

  it('reports invalid messages and keeps going (V17 protocol 2, then a valid one)', () => {
    const d = new SpiceStreamDecoder();
    const evs = d.push(Buffer.concat([hex(V.v17BadProtocol), hex(V.v11ClientDisconnected)]));
    expect(evs.map((e) => e.kind)).toEqual(['invalid', 'message']);
    expect(evs[0]).toMatchObject({ port: 1, error: 'protocol 2 is not 1' });
  });

  it('passes resets through', () => {
    expect(new SpiceStreamDecoder().push(hex('07000000 00000000'))).toEqual([{ kind: 'reset', reason: 'chunk port 7 out of range' }]);
  });

  it('encodeSpiceMessage slices into <= 2048-byte chunks', () => {
    const bytes = encodeSpiceMessage(1, { type: 4, fields: { type: 1, data: Buffer.alloc(5000) } }, NOT_NEGOTIATED);
    expect(bytes.length).toBe(5024 + 3 * 8);
    expect(encodeSpiceMessage(1, { type: 6, fields: { request: 1, caps: capsWords(['MOUSE_STATE', 'MONITORS_CONFIG', 'REPLY', 'CLIPBOARD_BY_DEMAND', 'CLIPBOARD_SELECTION', 'SPARSE_MONITORS_CONFIG', 'GUEST_LINEEND_LF', 'MAX_CLIPBOARD', 'AUDIO_VOLUME_SYNC', 'GRAPHICS_DEVICE_INFO', 'CLIPBOARD_NO_RELEASE_ON_REGRAB', 'CLIPBOARD_GRAB_SERIAL']) } }).equals(hex(V.v1CapsRequest))).toBe(true);
  });

  it('random garbage never throws out of push', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 5 }), fc.boolean(), (pieces, negotiated) => {
        const d = new SpiceStreamDecoder({ maxChunkSize: Infinity, maxMessageSize: 4096, context: { selection: negotiated, serial: negotiated } });
        for (const p of pieces) d.push(Buffer.from(p));
      }),
      { numRuns },
    );
  });

  it('random payloads under valid headers of every type never throw out of push', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 18 }), fc.uint8Array({ maxLength: 120 }), fc.boolean(), (type, payload, negotiated) => {
        const msg = Buffer.concat([Buffer.alloc(20), Buffer.from(payload)]);
        msg.writeUInt32LE(1, 0);
        msg.writeUInt32LE(type, 4);
        msg.writeUInt32LE(payload.length, 16);
        const d = new SpiceStreamDecoder({ context: { selection: negotiated, serial: negotiated } });
        const evs = d.push(Buffer.concat([Buffer.from([1, 0, 0, 0]), Buffer.from(new Uint32Array([msg.length]).buffer), msg]));
        expect(evs).toHaveLength(1);
        expect(['message', 'invalid']).toContain(evs[0]!.kind);
      }),
      { numRuns },
    );
  });
});
