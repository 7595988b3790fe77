import { describe, expect, it } from '@jest/globals';
import { OrderedQueue } from './ordered-queue.js';
import type { SentReply } from './ordered-queue.js';
import { withTimeLimit } from './time-limit.js';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('OrderedQueue', () => {
  it('answers in arrival order, one at a time, even when earlier requests take longer', async () => {
    const log: string[] = [];
    let running = 0;
    const q = new OrderedQueue<number>({
      answer: async (n) => {
        running++;
        expect(running).toBe(1);
        await later(n);
        log.push(`answer ${n}`);
        running--;
        return { done: Promise.resolve(), streamed: false };
      },
      onWriteError: () => undefined,
      onInternalError: (e) => log.push(`bug ${String(e)}`),
    });
    for (const n of [30, 1, 10]) q.push(n);
    await q.idle();
    expect(log).toEqual(['answer 30', 'answer 1', 'answer 10']);
  });

  it('reports a failed write once per shared write, and a throwing answer, and keeps going', async () => {
    const errors: string[] = [];
    const shared = Promise.reject(new Error('no client'));
    const q = new OrderedQueue<string>({
      answer: async (s): Promise<SentReply | undefined> => {
        if (s === 'bug') throw new Error('oops');
        if (s === 'none') return undefined;
        return { done: shared, streamed: false };
      },
      onWriteError: (e) => errors.push(`write ${(e as Error).message}`),
      onInternalError: (e) => errors.push(`bug ${(e as Error).message}`),
    });
    for (const s of ['a', 'b', 'bug', 'none', 'c']) q.push(s);
    await q.idle();
    expect(errors).toEqual(['write no client', 'bug oops']);
  });

  it('a streamed reply is written completely before the next request is answered', async () => {
    const order: string[] = [];
    const q = new OrderedQueue<string>({
      answer: async (s) => {
        order.push(`start ${s}`);
        const done = later(s === 'big' ? 20 : 0).then(() => void order.push(`written ${s}`));
        return { done, streamed: s === 'big' };
      },
      onWriteError: () => undefined,
      onInternalError: () => undefined,
    });
    q.push('big');
    q.push('small');
    await q.idle();
    expect(order.slice(0, 3)).toEqual(['start big', 'written big', 'start small']);
  });
});

describe('withTimeLimit', () => {
  it('answers with the protocol error past the limit and never leaves an unhandled rejection', async () => {
    const slow = later(50).then(() => Promise.reject(new Error('late failure')));
    await expect(withTimeLimit(slow, 10, () => new Error('too slow'))).rejects.toThrow('too slow');
    await expect(withTimeLimit(Promise.resolve(7), 10, () => new Error('x'))).resolves.toBe(7);
    await expect(withTimeLimit(Promise.resolve(8), 0, () => new Error('x'))).resolves.toBe(8);
    await later(60);
  });
});
