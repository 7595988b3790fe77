import { describe, expect, it } from '@jest/globals';
import { RxQueue } from './rx-queue.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('RxQueue', () => {
  it('takes lines that span chunks', () => {
    const q = new RxQueue();
    q.push(b('{"ret'));
    expect(q.takeLine()).toBeUndefined();
    q.push(b('urn": 1}\n{"a"'));
    expect(q.takeLine()?.toString()).toBe('{"return": 1}\n');
    expect(q.takeLine()).toBeUndefined();
    q.push(b(': 2}\n'));
    expect(q.takeLine()?.toString()).toBe('{"a": 2}\n');
    expect(q.size).toBe(0);
  });

  it('takes n lines at once or nothing', () => {
    const q = new RxQueue();
    q.push(b('a\nb'));
    expect(q.takeLines(2)).toBeUndefined();
    q.push(b('\nc'));
    expect(q.takeLines(2)?.toString()).toBe('a\nb\n');
    expect(q.takeAll().toString()).toBe('c');
  });

  it('drops through the last 0xFF across chunks', () => {
    const q = new RxQueue();
    q.push(b('junk\xffold\n'));
    q.push(b('x\xff{"return": 5}\nrest'));
    expect(q.dropThroughLastFF()).toBe(true);
    expect(q.takeLine()?.toString()).toBe('{"return": 5}\n');
    expect(q.takeAll().toString()).toBe('rest');
    q.push(b('none'));
    expect(q.dropThroughLastFF()).toBe(false);
    expect(q.size).toBe(4);
  });
});
