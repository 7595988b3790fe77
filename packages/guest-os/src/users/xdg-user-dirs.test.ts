import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseUserDirs, userSpecialDir } from './xdg-user-dirs.js';

describe('XDG user dirs', () => {
  it('parses $HOME-relative and absolute values, skipping comments and relative ones', () => {
    const text = '# comment\nXDG_DESKTOP_DIR="$HOME/Bureau"\nXDG_DOWNLOAD_DIR="/data/dl/"\nXDG_MUSIC_DIR="Music"\n';
    const m = parseUserDirs(text, '/home/u');
    expect(m.get('DESKTOP')).toBe('/home/u/Bureau');
    expect(m.get('DOWNLOAD')).toBe('/data/dl');
    expect(m.has('MUSIC')).toBe(false);
  });

  it('reads $XDG_CONFIG_HOME/user-dirs.dirs; only the desktop has a fallback', () => {
    const home = mkdtempSync(join(tmpdir(), 'xdg-'));
    try {
      expect(userSpecialDir('DESKTOP', { HOME: home })).toBe(join(home, 'Desktop'));
      expect(userSpecialDir('DOWNLOAD', { HOME: home })).toBeUndefined();
      mkdirSync(join(home, 'cfg'));
      writeFileSync(join(home, 'cfg', 'user-dirs.dirs'), 'XDG_DOWNLOAD_DIR="$HOME/Téléchargements"\n');
      expect(userSpecialDir('DOWNLOAD', { HOME: home, XDG_CONFIG_HOME: join(home, 'cfg') })).toBe(join(home, 'Téléchargements'));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
