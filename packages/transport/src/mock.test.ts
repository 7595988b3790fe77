import { describe, expect, it } from '@jest/globals';
import { createMockPair } from './mock.js';
import { once } from './test-util/net.js';

describe('createMockPair', () => {
  it('delivers host bytes as data and collects what the agent writes', async () => {
    const { agent, host } = createMockPair();
    const connected = once(agent, 'connect');
    await agent.open();
    await connected;
    const data = once<[Buffer]>(agent, 'data');
    host.write('{"execute":"guest-ping"}');
    expect((await data)[0].toString()).toBe('{"execute":"guest-ping"}');
    await agent.write(Buffer.from('{"return": {}}'));
    void agent.write(Buffer.from('\n'));
    expect((await host.next((b) => b.includes(0x0a))).toString()).toBe('{"return": {}}\n');
    expect(host.read().length).toBe(0);
  });

  it('simulates hang-up and reconnect; session-aware writes fail while no host is there', async () => {
    const { agent, host } = createMockPair({ connected: false });
    await agent.open();
    await expect(agent.write(Buffer.from('x'))).rejects.toThrow(/no client connected/);
    const c = once(agent, 'connect');
    host.connect();
    await c;
    await agent.write(Buffer.from('y'));
    const h = once(agent, 'hangup');
    host.hangup();
    await h;
    expect(host.read().toString()).toBe('y');
  });

  it('a virtio-like mock accepts writes with no host', async () => {
    const { agent, host } = createMockPair({ sessionAware: false, connected: false, spec: { method: 'virtio-serial', path: '/dev/vport0p1' } });
    await agent.open();
    await agent.write(Buffer.from('held'));
    expect(host.read().toString()).toBe('held');
    expect(agent.sessionAware).toBe(false);
  });
});
