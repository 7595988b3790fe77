import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { APP_DIR } from './agents.js';
import { intendedDifferences } from './intended-differences.js';
import { renderIntendedDifferences } from './render-differences.js';

const DOC = join(APP_DIR, 'docs', 'intended-differences.md');

describe('intended differences table', () => {
  it('docs/intended-differences.md is generated from the table', () => {
    const want = renderIntendedDifferences();
    if (process.env.GA_UPDATE_DOCS === '1') writeFileSync(DOC, want);
    expect(readFileSync(DOC, 'utf8')).toBe(want);
  });

  it('has one entry per case, each with a reason', () => {
    const names = intendedDifferences.map((d) => d.case);
    expect(new Set(names).size).toBe(names.length);
    for (const d of intendedDifferences) expect(d.reason.length).toBeGreaterThan(20);
  });
});
