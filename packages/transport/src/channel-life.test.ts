import { describe, expect, it } from '@jest/globals';
import type { Channel } from './channel.js';
import { createChannelLife, startChannel } from './channel-life.js';
import { createMockPair } from './mock.js';
import type { MockChannel } from './mock.js';

const spec = { method: 'unix-listen', path: '/mock' } as const;
const quietLog = () => {
  const lines: string[] = [];
  return { lines, warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`), debug: (m: string) => lines.push(`debug ${m}`) };
};
const until = async (test: () => boolean) => {
  for (let i = 0; !test(); i++) {
    if (i > 400) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** An opener that hands out mock channels (or fails the first `failures` times). */
function opener(failures = 0) {
  const opened: MockChannel[] = [];
  let calls = 0;
  const open = async (): Promise<Channel> => {
    const { agent } = createMockPair();
    if (calls++ < failures) agent.open = () => Promise.reject(new Error('no such device'));
    else opened.push(agent);
    return agent;
  };
  return { opened, open, calls: () => calls };
}

describe('startChannel', () => {
  it('delivers data and connect events, and writes to the open channel', async () => {
    const o = opener();
    const got: string[] = [];
    const life = await startChannel({ spec, retry: false, log: quietLog(), create: o.open, onData: (b) => got.push(b.toString()), onConnect: () => got.push('connect'), onFatal: () => undefined });
    o.opened[0]!.emit('data', Buffer.from('hi'));
    await until(() => got.length === 2);
    expect(got).toEqual(['connect', 'hi']);
    await life.write(Buffer.from('x'));
    await life.close();
    await expect(life.write(Buffer.from('y'))).rejects.toThrow('channel not open');
  });

  it('without retry: a failed first open rejects saying so; a later failure is fatal', async () => {
    await expect(startChannel({ spec, retry: false, log: quietLog(), create: opener(1).open, onData: () => undefined, onFatal: () => undefined })).rejects.toThrow('failed to open channel: no such device');
    const o = opener();
    const fatal: Error[] = [];
    await startChannel({ spec, retry: false, log: quietLog(), create: o.open, onData: () => undefined, onFatal: (e) => fatal.push(e) });
    o.opened[0]!.emit('error', new Error('port gone'));
    expect(fatal.map((e) => e.message)).toEqual(['port gone']);
  });

  it('with retry: waits for the device to appear, and reopens after a failure', async () => {
    const o = opener(2);
    const log = quietLog();
    const reopened: Channel[] = [];
    const life = await startChannel({ spec, retry: true, retryDelayMs: 10, log, create: o.open, onOpen: (c) => reopened.push(c), onData: () => undefined, onFatal: () => expect(false).toBe(true) });
    expect(o.calls()).toBe(3);
    expect(log.lines.filter((l) => l.startsWith('warn failed to open channel (no such device)'))).toHaveLength(2);
    o.opened[0]!.emit('error', new Error('port gone'));
    expect(life.channel).toBeUndefined();
    await until(() => reopened.length === 2);
    expect(life.channel).toBe(o.opened[1]);
    await life.close();
  });

  it('a life created before the first open can write from onOpen', async () => {
    const o = opener();
    const written: string[] = [];
    const life = createChannelLife({
      spec,
      retry: false,
      log: quietLog(),
      create: async () => {
        const c = await o.open();
        const w = c.write.bind(c);
        c.write = (b: Buffer) => (written.push(b.toString()), w(b));
        return c;
      },
      onOpen: () => void life.write(Buffer.from('hello')),
      onData: () => undefined,
      onFatal: () => undefined,
    });
    await life.start();
    expect(written).toEqual(['hello']);
    await life.close();
  });
});
