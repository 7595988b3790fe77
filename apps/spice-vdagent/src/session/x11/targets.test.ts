import { describe, expect, it } from '@jest/globals';
import { CLIPBOARD_TYPE, targetsForTypes, typeOfTarget, typesFromTargets } from './targets.js';

describe('clipboard targets', () => {
  it('maps names case-insensitively, unknown ones to NONE', () => {
    expect(typeOfTarget('utf8_string')).toBe(CLIPBOARD_TYPE.UTF8_TEXT);
    expect(typeOfTarget('image/X-MS-BMP')).toBe(CLIPBOARD_TYPE.IMAGE_BMP);
    expect(typeOfTarget('TARGETS')).toBe(CLIPBOARD_TYPE.NONE);
    expect(typeOfTarget('image/gif')).toBe(CLIPBOARD_TYPE.NONE);
  });

  it('announces each type once in the owner order, converting to the preferred name', () => {
    const r = typesFromTargets(['TARGETS', 'STRING', 'image/png', 'UTF8_STRING', 'TEXT', 'image/jpeg']);
    expect(r.types).toEqual([CLIPBOARD_TYPE.UTF8_TEXT, CLIPBOARD_TYPE.IMAGE_PNG, CLIPBOARD_TYPE.IMAGE_JPG]);
    expect(r.target.get(CLIPBOARD_TYPE.UTF8_TEXT)).toBe('UTF8_STRING');
    expect(typesFromTargets(['TARGETS', 'MULTIPLE']).types).toEqual([]);
  });

  it('offers every name of a grabbed type, nothing for unknown types', () => {
    expect(targetsForTypes([CLIPBOARD_TYPE.IMAGE_BMP])).toEqual(['image/bmp', 'image/x-bmp', 'image/x-MS-bmp', 'image/x-win-bitmap']);
    expect(targetsForTypes([CLIPBOARD_TYPE.UTF8_TEXT, 99])).toEqual(['UTF8_STRING', 'text/plain;charset=utf-8', 'STRING', 'TEXT', 'text/plain']);
    expect(targetsForTypes([6])).toEqual([]);
  });
});
