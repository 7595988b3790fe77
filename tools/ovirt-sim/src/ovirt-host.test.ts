import { afterEach, describe, expect, it } from '@jest/globals';
import { startStandInAgent } from '@ga/host-kit/stand-in-agent';
import type { StandInAgent } from '@ga/host-kit/stand-in-agent';
import { OvirtHost } from './ovirt-host.js';

let running: StandInAgent | undefined;
async function fakeAgent(): Promise<StandInAgent> {
  running = await startStandInAgent('ovirt-sim-');
  return running;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('OvirtHost', () => {
  it('sends commands with VDSM key order and Python spacing', async () => {
    const agent = await fakeAgent();
    const host = await OvirtHost.connect(agent.path);
    const peer = await agent.peer;
    await host.refresh();
    await host.apiVersion(3);
    await host.send({ __name__: 'echo', foo: 'b\u00e4r', n: 1 });
    await host.sendRaw('garbage\n');
    await host.close();
    await new Promise((r) => peer.once('close', r));
    expect(agent.written().toString('latin1')).toBe(
      '{"apiVersion": 3, "__name__": "refresh"}\n{"apiVersion": 3, "__name__": "api-version"}\n{"__name__": "echo", "foo": "b\\u00e4r", "n": 1}\ngarbage\n',
    );
  });

  it('receives messages in order with their exact bytes, reports dropped lines, filters like VDSM', async () => {
    const agent = await fakeAgent();
    const host = await OvirtHost.connect(agent.path);
    const peer = await agent.peer;
    peer.write('{"__name__": "heartbeat", "free-ram": "23677", "apiVersion": 0}\nnot json\n{"__name__": "os-version", "ver');
    peer.write('sion": "a\\u0001b"}\n');
    const first = await host.next();
    expect(first.message).toEqual({ __name__: 'heartbeat', 'free-ram': '23677', apiVersion: 0 });
    expect(first.bytes.toString()).toBe('{"__name__": "heartbeat", "free-ram": "23677", "apiVersion": 0}');
    expect((await host.next()).message).toEqual({ __name__: 'os-version', version: 'a\ufffdb' });
    expect(host.dropped.map((d) => d.reason)).toEqual(['invalid-json']);
    peer.end();
    await expect(host.next()).rejects.toThrow('the agent closed the channel');
    await host.close();
  });

  it('says what to do when nobody listens', async () => {
    await expect(OvirtHost.connect('/nonexistent/agent.sock')).rejects.toThrow(/start the agent/);
  });
});
