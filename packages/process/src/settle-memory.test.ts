import { describe, expect, it } from '@jest/globals';
import { memorySettler } from './settle-memory.js';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('memorySettler', () => {
  it('settles once, after a burst has been quiet for the delay; small drains never', async () => {
    let trims = 0;
    const settle = memorySettler(() => trims++, 20);
    settle(10);
    await later(40);
    expect(trims).toBe(0);
    settle(600);
    settle(600);
    await later(5);
    expect(trims).toBe(0);
    await later(40);
    expect(trims).toBe(1);
  });
});
