import { afterEach, describe, expect, it } from '@jest/globals';
import { startStandInAgent } from '@ga/host-kit/stand-in-agent';
import type { StandInAgent } from '@ga/host-kit/stand-in-agent';
import { SpiceHost } from './spice-host.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
// spice-vdagent.md §6 V1, V2, V6.
const V1 = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 e78d0300');
const V2_HOST = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 77500300');
const V6_HOST_GRAB = hex('01000000 20000000 01000000 07000000 00000000 00000000 0c000000 00000000 00000000 01000000');

let running: StandInAgent | undefined;
async function fakeAgent(): Promise<StandInAgent> {
  running = await startStandInAgent('spice-sim-');
  return running;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('SpiceHost', () => {
  it('announces spice-gtk caps (V2) and, once the agent announced, frames grabs with selection+serial (V6)', async () => {
    const agent = await fakeAgent();
    const host = await SpiceHost.connect(agent.path);
    const peer = await agent.peer;
    await host.announceCapabilities();
    peer.write(V1);
    const caps = await host.next();
    expect(caps).toMatchObject({ port: 1, message: { name: 'ANNOUNCE_CAPABILITIES', fields: { request: 1, caps: [0x00038de7] } } });
    expect(host.context).toEqual({ selection: true, serial: true });
    await host.send({ type: 'CLIPBOARD_GRAB', fields: { selection: 0, serial: 0, types: [1] } });
    await host.close();
    await new Promise((r) => peer.once('close', r));
    expect(agent.written().equals(Buffer.concat([V2_HOST, V6_HOST_GRAB]))).toBe(true);
  });

  it('reassembles a big one-chunk message as the reference agent writes it, and records bad input', async () => {
    const agent = await fakeAgent();
    const host = await SpiceHost.connect(agent.path);
    const peer = await agent.peer;
    const payload = Buffer.concat([hex('00000000 01000000'), Buffer.alloc(5000, 0x62)]);
    expect(payload.length).toBe(0x1390);
    const header = hex('01000000 a4130000 01000000 04000000 00000000 00000000 90130000');
    peer.write(Buffer.concat([header, payload]));
    const big = await host.next();
    expect(big.message.name).toBe('CLIPBOARD');
    expect(big.bytes.length).toBe(5028);
    peer.write(hex('01000000 1c000000 02000000 08000000 00000000 00000000 08000000 00000000 01000000'));
    peer.write(V1);
    await host.next();
    expect(host.problems).toEqual([expect.objectContaining({ kind: 'invalid', error: 'protocol 2 is not 1' })]);
    await host.close();
  });

  it('says what to do when nobody listens', async () => {
    await expect(SpiceHost.connect('/nonexistent/agent.sock')).rejects.toThrow(/start the agent/);
  });
});
