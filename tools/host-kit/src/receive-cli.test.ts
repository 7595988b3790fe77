import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { MessageQueue } from './message-queue.js';
import { printReceived } from './receive-cli.js';

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  jest.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
  jest.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('printReceived', () => {
  it('prints --count messages and reports completion', async () => {
    const q = new MessageQueue<number>();
    [1, 2, 3].forEach((n) => q.push(n));
    const done = await printReceived({ name: 'sim', count: 2, idleSeconds: 5, next: (ms) => q.next(ms, 'message'), format: (n) => `<- ${n}` });
    expect({ done, out, err }).toEqual({ done: true, out: ['<- 1', '<- 2'], err: [] });
    expect(q.pending).toEqual([3]);
  });

  it('without --count, stops quietly when the source ends', async () => {
    const q = new MessageQueue<number>();
    q.push(7);
    q.close(new Error('the agent closed the channel'));
    const done = await printReceived({ name: 'sim', count: undefined, idleSeconds: 5, next: (ms) => q.next(ms, 'message'), format: (n) => `<- ${n}` });
    expect({ done, out, err }).toEqual({ done: true, out: ['<- 7'], err: [] });
  });

  it('with --count, a short stream is a failure with the reason on stderr', async () => {
    const q = new MessageQueue<number>();
    q.push(7);
    q.close(new Error('the agent closed the channel'));
    const done = await printReceived({ name: 'sim', count: 3, idleSeconds: 5, next: (ms) => q.next(ms, 'message'), format: (n) => `<- ${n}` });
    expect({ done, out, err }).toEqual({ done: false, out: ['<- 7'], err: ['sim: the agent closed the channel'] });
  });
});
