import { describe, expect, it } from '@jest/globals';
import { isConffile, layoutDeploy } from './deploy-layout.js';

describe('layoutDeploy', () => {
  it('places units, rules, autostart and tmpfiles by kind, at Debian 12 paths', () => {
    const out = layoutDeploy(
      ['a.service', 'a.socket', '70-a.rules', 'a.desktop', 'tmpfiles.d/a.conf', 'user/a.service', 'b.tmpfiles'],
      [],
      new Set(),
    );
    expect(out.map((p) => p.to)).toEqual([
      '/lib/udev/rules.d/70-a.rules',
      '/etc/xdg/autostart/a.desktop',
      '/lib/systemd/system/a.service',
      '/lib/systemd/system/a.socket',
      '/usr/lib/tmpfiles.d/b.conf',
      '/usr/lib/tmpfiles.d/a.conf',
      '/usr/lib/systemd/user/a.service',
    ]);
  });

  it('lets an explicit placement win and keeps execute bits', () => {
    const out = layoutDeploy(['hook', 'x.service'], [{ from: 'hook', to: '/etc/q/hook' }], new Set(['hook']));
    expect(out).toEqual([
      { from: 'hook', to: '/etc/q/hook', mode: 0o755 },
      { from: 'x.service', to: '/lib/systemd/system/x.service', mode: 0o644 },
    ]);
  });

  it('skips dot-files and READMEs', () => {
    expect(layoutDeploy(['d/.gitkeep', 'README.md', '.hidden'], [], new Set())).toEqual([]);
  });

  it('refuses a file of unknown kind, naming it', () => {
    expect(() => layoutDeploy(['weird.bin', 'a.service'], [], new Set())).toThrow(/weird\.bin/);
  });

  it('refuses two files with one install path', () => {
    expect(() => layoutDeploy(['a.service', 'user2/a.service'], [], new Set())).toThrow(/both install to/);
  });
});

describe('isConffile', () => {
  it('is true exactly under /etc', () => {
    expect(isConffile('/etc/qemu/fsfreeze-hook')).toBe(true);
    expect(isConffile('/lib/systemd/system/x.service')).toBe(false);
  });
});
