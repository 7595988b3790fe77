import { describe, expect, it } from '@jest/globals';
import { retainFreedMemory } from './malloc-retention.js';

describe('retainFreedMemory', () => {
  it('is accepted by glibc (the values a long-lived agent uses)', () => {
    expect(retainFreedMemory({ keepFreeBytes: 16 << 20, ownMappingFromBytes: 32 << 20 })).toBe(true);
  });

});
