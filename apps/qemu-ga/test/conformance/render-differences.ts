// Renders docs/intended-differences.md from intended-differences.ts, the one
// source of truth. docs.test.ts checks that the committed file matches;
// GA_UPDATE_DOCS=1 on that test rewrites it.
import { intendedDifferences } from './intended-differences.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderIntendedDifferences(): string {
  const rows = intendedDifferences.map((d) => `| ${cell(d.case)} | ${cell(d.differs)} | ${cell(d.reason)} |`);
  return [
    '# Intended differences from qemu-ga 7.2',
    '',
    '<!-- Generated from test/conformance/intended-differences.ts; edit that file, then run',
    '     GA_UPDATE_DOCS=1 npm run test:conformance -- intended-differences -->',
    '',
    'The differential conformance tests (`npm run test:conformance`) send the same bytes to',
    "Debian's qemu-ga 7.2.22 and to this agent and require byte-identical replies, except",
    'for the cases below. Each difference is also checked positively: our reply must show it.',
    '',
    '| Case | What differs | Why |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
