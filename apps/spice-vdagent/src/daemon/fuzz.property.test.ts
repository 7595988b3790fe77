/**
 * Bad input from the host or a session agent never crashes or wedges the
 * daemon: random chunk streams (valid messages of every type with random
 * fields and sizes, truncated and garbage bytes, any split) and random udscs
 * messages, GA_FUZZ_RUNS cases (default 10^4); afterwards it still answers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MESSAGES } from '@ga/framing/spice-messages';
import { encodeHeader } from '@ga/framing/spice-codec';
import { encodeChunkHeader } from '@ga/framing/spice-chunks';
import { encodeUdscs } from '@ga/framing/udscs';
import { UDSCS } from '@ga/framing/udscs-protocol';
import { hex, startHarness } from './test-harness.js';
import type { FakeAgent, Harness } from './test-harness.js';

const numRuns = Number(process.env.GA_FUZZ_RUNS ?? 10000);
const V2_IN = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 77500300');
const V4_IN = hex('01000000 44000000 01000000 02000000 00000000 00000000 30000000 02000000 01000000 00030000 00040000 20000000 00000000 00000000 58020000 20030000 20000000 00040000 00000000');
const V4_OUT = hex('01000000 1c000000 01000000 03000000 00000000 00000000 08000000 02000000 01000000');

/** A message of a table type (or none) with a payload of random bytes, sometimes of a plausible size. */
const message = fc
  .record({
    type: fc.oneof(fc.constantFrom(...MESSAGES.map((m) => m.type)), fc.integer({ min: 0, max: 40 })),
    payload: fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 2000, maxLength: 5000 })),
    protocol: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 3 })),
    port: fc.oneof(fc.constantFrom(1, 2), fc.integer({ min: 0, max: 5 })),
    lie: fc.integer({ min: -8, max: 8 }),
  })
  .map(({ type, payload, protocol, port, lie }) => {
    const p = Buffer.from(payload);
    const head = encodeHeader(type, Math.max(0, p.length + (lie === 0 ? 0 : lie)));
    head.writeUInt32LE(protocol, 0);
    const msg = Buffer.concat([head, p]);
    const out: Buffer[] = [];
    for (let off = 0; off < msg.length; off += 2048) {
      const piece = msg.subarray(off, off + 2048);
      out.push(encodeChunkHeader(port, piece.length), piece);
    }
    return Buffer.concat(out);
  });
const stream = fc.tuple(fc.array(fc.oneof(message, fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b))), { maxLength: 6 }), fc.integer({ min: 1, max: 700 }));

const udscsMessage = fc
  .record({ type: fc.integer({ min: 0, max: 16 }), arg1: fc.integer({ min: 0, max: 5 }), arg2: fc.integer({ min: 0, max: 0xffffffff }), data: fc.uint8Array({ maxLength: 48 }) })
  .map((m) => encodeUdscs(m.type === 9 ? UDSCS.FILE_XFER_STATUS : m.type, m.arg1, m.arg2, Buffer.from(m.data)));

let h: Harness;
let agent: FakeAgent;
beforeAll(async () => {
  h = await startHarness({ maxMessageSize: 4096 });
  agent = await h.agent();
  await agent.next();
});
afterAll(async () => {
  await h.stop();
});

const V1 = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 e78d0300');
const V2_OUT = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 00000000 e78d0300');

/**
 * After the abuse the daemon still answers a new host session: the announce
 * on connect (V1), the caps reply (V2) and a REPLY to a monitors config (V4).
 * Everything the abuse provoked is read first, so only these bytes count.
 */
const stillAnswers = async (): Promise<void> => {
  h.host.hangup();
  await new Promise((r) => setImmediate(r));
  h.unread();
  h.host.connect();
  expect(await h.hostBytes(V1.length)).toEqual(V1);
  h.host.write(V2_IN);
  expect(await h.hostBytes(V2_OUT.length)).toEqual(V2_OUT);
  h.host.write(V4_IN);
  expect(await h.hostBytes(V4_OUT.length)).toEqual(V4_OUT);
};

/** No handler threw or failed to encode what it meant to send. */
const noInternalErrors = (): void => {
  expect(h.log.lines.filter((l) => /cannot encode|TypeError|RangeError|undefined/.test(l))).toEqual([]);
};

describe('daemon fuzzing', () => {
  it(`survives ${numRuns} random host streams in random splits`, async () => {
    let i = 0;
    await fc.assert(
      fc.asyncProperty(stream, async ([parts, split]) => {
        const all = Buffer.concat(parts);
        for (let off = 0; off < all.length; off += split) h.host.write(all.subarray(off, off + split));
        await new Promise((r) => setImmediate(r));
        h.unread();
        if (++i % 1000 === 0) await stillAnswers();
      }),
      { numRuns },
    );
    await stillAnswers();
    noInternalErrors();
  }, 600_000);

  it('survives random udscs messages from the session agent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(udscsMessage, { maxLength: 5 }), async (msgs) => {
        if (agent.socket.destroyed) {
          agent = await h.agent();
          await agent.next();
        }
        for (const m of msgs) agent.sendRaw(m);
        await new Promise((r) => setTimeout(r, 0));
      }),
      { numRuns: Math.min(numRuns, 2000) },
    );
    await stillAnswers();
    noInternalErrors();
  }, 600_000);
});
