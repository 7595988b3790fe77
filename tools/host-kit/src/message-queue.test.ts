import { describe, expect, it } from '@jest/globals';
import { MessageQueue } from './message-queue.js';

describe('MessageQueue', () => {
  it('returns queued items in order, then waits for the next push', async () => {
    const q = new MessageQueue<number>();
    q.push(1);
    q.push(2);
    expect(q.pending).toEqual([1, 2]);
    expect(await q.next(1000, 'item')).toBe(1);
    expect(await q.next(1000, 'item')).toBe(2);
    const waiting = q.next(10_000, 'item');
    q.push(3);
    expect(await waiting).toBe(3);
    expect(q.pending).toEqual([]);
  });

  it('close rejects current and later waits but still hands out what was queued', async () => {
    const q = new MessageQueue<string>();
    const waiting = q.next(10_000, 'item');
    q.close(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    const q2 = new MessageQueue<string>();
    q2.push('kept');
    q2.close(new Error('first'));
    q2.close(new Error('second'));
    expect(await q2.next(1000, 'item')).toBe('kept');
    await expect(q2.next(1000, 'item')).rejects.toThrow('first');
  });

  it('a wait that runs out names what was awaited and says what to check', async () => {
    const q = new MessageQueue<string>();
    await expect(q.next(1, 'reply')).rejects.toThrow('no reply within 1 ms: is the agent running and connected to this socket?');
    q.push('later');
    expect(q.pending).toEqual(['later']);
  });
});
