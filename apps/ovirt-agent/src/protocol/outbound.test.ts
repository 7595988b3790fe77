import { describe, expect, it } from '@jest/globals';
import { encodeWithinBudget, LINE_BUDGET } from './outbound.js';

describe('encodeWithinBudget', () => {
  it('writes the reference bytes when the message fits', () => {
    expect(encodeWithinBudget('applications', { applications: ['kernel-4.18.0-348.el8'] }, 'applications')).toEqual({
      line: Buffer.from('{"__name__": "applications", "applications": ["kernel-4.18.0-348.el8"]}\n'),
      trimmed: 0,
    });
  });
  it('trims a long list to the longest prefix below the budget', () => {
    const apps = Array.from({ length: 100000 }, (_, i) => `package-number-${i}-1.0`);
    const { line, trimmed } = encodeWithinBudget('applications', { applications: apps }, 'applications');
    expect(line.length).toBeLessThan(LINE_BUDGET);
    expect(trimmed).toBeGreaterThan(0);
    const kept = JSON.parse(line.toString()).applications as string[];
    expect(kept).toEqual(apps.slice(0, apps.length - trimmed));
    // one more item would not have fitted
    expect(JSON.stringify(apps.slice(0, kept.length + 1)).length + 40).toBeGreaterThan(LINE_BUDGET - 100000);
  });
  it('filters XML-restricted characters and writes ASCII', () => {
    expect(encodeWithinBudget('host-name', { name: 'caf\u00e9\u0001' }).line.toString()).toBe('{"__name__": "host-name", "name": "caf\\u00e9\\ufffd"}\n');
  });
  it('refuses an oversized non-list field', () => {
    expect(() => encodeWithinBudget('host-name', { name: 'a'.repeat(LINE_BUDGET) })).toThrow(RangeError);
  });
});
