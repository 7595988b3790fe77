import { describe, expect, it } from '@jest/globals';
import { packCredentials, unpackCredentials } from './credentials-block.js';

describe('credentials block', () => {
  it('is u32be length, user, password, NUL', () => {
    expect(packCredentials('u@d', 'p')).toEqual(Buffer.from([0, 0, 0, 3, 0x75, 0x40, 0x64, 0x70, 0]));
    expect(unpackCredentials(packCredentials('j\u00fcrgen@EXAMPLE', 'p\u00e4ss w'))).toEqual({ username: 'j\u00fcrgen@EXAMPLE', password: 'p\u00e4ss w' });
  });
  it('rejects malformed blocks', () => {
    expect(unpackCredentials(Buffer.from([0, 0, 0, 9, 0x61, 0]))).toBeUndefined();
    expect(unpackCredentials(Buffer.from([0, 0, 0, 0, 0x61]))).toBeUndefined();
  });
});
