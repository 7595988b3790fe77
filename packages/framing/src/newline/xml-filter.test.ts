import { describe, expect, it } from '@jest/globals';
import { filterXmlChars, filterXmlDeep } from './xml-filter.js';

describe('XML character filter', () => {
  it('replaces restricted characters and keeps tab, LF, CR, NEL and astral characters', () => {
    // ovirt-guest-agent.md §1.3 observed: a\u0001b\u0085c\ud800d -> a\ufffdb\u0085c\ufffdd
    expect(filterXmlChars('a\u0001b\u0085c\ud800d')).toBe('a\ufffdb\u0085c\ufffdd');
    expect(filterXmlChars('\t\n\r \u{1F600}')).toBe('\t\n\r \u{1F600}');
    expect(filterXmlChars('\u0000\u0008\u000b\u000c\u000e\u001f\u007f\u0084\u0086\u009f\udfff\ufffe\uffff')).toBe('\ufffd'.repeat(13));
    expect(filterXmlChars('\u00a0\ufffd\ud7ff\ue000')).toBe('\u00a0\ufffd\ud7ff\ue000');
  });

  it('filters keys and values recursively without touching other types', () => {
    const out = filterXmlDeep({ 'k\u0001': ['v\u0002', 1, null, { x: 'y\u007f' }], n: 2, b: true });
    expect(out).toEqual({ 'k\ufffd': ['v\ufffd', 1, null, { x: 'y\ufffd' }], n: 2, b: true });
  });

  it('keeps a "__proto__" key as data', () => {
    const out = filterXmlDeep(JSON.parse('{"__proto__": {"a": 1}}') as object);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
