import { describe, expect, it } from '@jest/globals';
import { nodeExecLines, rewriteUnit } from './unit-rewrite.js';

const programs = [{ path: '/usr/sbin/qemu-ga', bundle: 'qemu-ga.mjs', manSection: 8 as const, summary: '', options: { module: '', exportName: '', synopsis: '' } }];

describe('rewriteUnit', () => {
  it('rewrites the Exec= of an autostart .desktop entry too', () => {
    expect(rewriteUnit('Exec=/usr/bin/node /x/qemu-ga.mjs', programs).text).toBe('Exec=/usr/sbin/qemu-ga');
  });
  it('turns node <bundle> into the launcher, keeping prefix and arguments', () => {
    const unit = '[Service]\nExecStart=-/usr/bin/node /usr/lib/guest-agents/qemu-ga/qemu-ga.mjs -v\nRestart=always';
    const r = rewriteUnit(unit, programs);
    expect(r.text).toBe('[Service]\nExecStart=-/usr/sbin/qemu-ga -v\nRestart=always');
    expect(r.changes).toHaveLength(1);
    expect(nodeExecLines(r.text)).toEqual([]);
  });
  it('leaves a unit that already runs the launcher alone', () => {
    const unit = '[Service]\nExecStart=-/usr/sbin/qemu-ga\n';
    expect(rewriteUnit(unit, programs)).toEqual({ text: unit, changes: [] });
  });
  it('leaves node running something else, and reports it', () => {
    const unit = 'ExecStart=/usr/bin/node /opt/other.mjs';
    expect(rewriteUnit(unit, programs).text).toBe(unit);
    expect(nodeExecLines(unit)).toEqual([unit]);
  });
});
