import { describe, expect, it } from '@jest/globals';
import { parseXferStart, safeBasename } from './keyfile.js';

describe('FILE_XFER_START key file', () => {
  it('reads what spice-gtk writes (V12), with GKeyFile escapes and the batch keys', () => {
    expect(parseXferStart('[vdagent-file-xfer]\nname=test.txt\nsize=5\n\0')).toEqual({ name: 'test.txt', size: 5n, nr: 0, total: 0 });
    expect(parseXferStart('[vdagent-file-xfer]\nname=\\sa\\\\b\\nc\tz\nsize=18446744073709551615\nfile-xfer-nr=2\nfile-xfer-total=3\n')).toEqual({
      name: ' a\\b\nc\tz',
      size: 18446744073709551615n,
      nr: 2,
      total: 3,
    });
  });

  it('refuses a missing group, name or size, and bad values', () => {
    expect(parseXferStart('name=a\nsize=1\n')).toBeUndefined();
    expect(parseXferStart('[vdagent-file-xfer]\nsize=1\n')).toBeUndefined();
    expect(parseXferStart('[vdagent-file-xfer]\nname=a\nsize=-1\n')).toBeUndefined();
    expect(parseXferStart('[vdagent-file-xfer]\nname=a\nsize=99999999999999999999\n')).toBeUndefined();
    expect(parseXferStart('[vdagent-file-xfer]\nname=a\\q\nsize=1\n')).toBeUndefined();
    expect(parseXferStart('[vdagent-file-xfer]\ngarbage\n')).toBeUndefined();
  });
});

describe('safe basename', () => {
  it('keeps the last component only', () => {
    expect(safeBasename('../../etc/passwd')).toBe('passwd');
    expect(safeBasename('/abs/path/x.bin')).toBe('x.bin');
    expect(safeBasename('dir/')).toBe('dir');
    expect(safeBasename('.hidden')).toBe('.hidden');
  });

  it('refuses what names nothing', () => {
    for (const n of ['', '/', '.', '..', 'a/..', 'nul\0x', 'x'.repeat(256)]) expect(safeBasename(n)).toBeUndefined();
  });
});
