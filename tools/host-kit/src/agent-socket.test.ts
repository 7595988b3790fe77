import { afterEach, describe, expect, it } from '@jest/globals';
import { connectAgentSocket } from './agent-socket.js';
import { startStandInAgent } from './stand-in-agent.js';
import type { StandInAgent } from './stand-in-agent.js';

let running: StandInAgent | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('connectAgentSocket on a stand-in agent', () => {
  it('writes bytes as given, records and forwards what the agent sends, reports the close once', async () => {
    running = await startStandInAgent('host-kit-', (peer) => peer.write('hello'));
    const chunks: Buffer[] = [];
    const ends: Error[] = [];
    let gotData!: () => void;
    const data = new Promise<void>((r) => (gotData = r));
    const ch = await connectAgentSocket(running.path, {
      onData: (c) => {
        chunks.push(c);
        gotData();
      },
      onEnd: (e) => ends.push(e),
      closedMessage: 'the agent closed the channel',
    });
    await data;
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    expect(Buffer.concat(ch.raw).toString()).toBe('hello');
    await ch.write(Buffer.from([0xff, 0x00]));
    await ch.write('x\n');
    const peer = await running.peer;
    const peerClosed = new Promise((r) => peer.once('close', r));
    await ch.close();
    await peerClosed;
    expect(running.written()).toEqual(Buffer.from([0xff, 0x00, 0x78, 0x0a]));
    expect(ends.map((e) => e.message)).toEqual(['the agent closed the channel']);
    await ch.close(); // already closed: resolves at once
  });

  it('says what to do when nobody listens', async () => {
    await expect(
      connectAgentSocket('/nonexistent/agent.sock', { onData: () => {}, onEnd: () => {}, closedMessage: '' }),
    ).rejects.toThrow(/^cannot connect to \/nonexistent\/agent\.sock: .*ENOENT.*; start the agent \(or QEMU\) with a UNIX socket chardev at that path first$/);
  });
});
