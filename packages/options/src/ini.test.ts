import { describe, expect, it } from '@jest/globals';
import { parseIni } from './ini.js';

describe('parseIni (ConfigParser syntax)', () => {
  it('reads sections, = and : separators, comments, continuation lines, lower-cased keys, with lines', () => {
    const ini = parseIni('# c\n[general]\nHeart_Beat_Rate = 5\napplications_list: a b\n  c d\n; x\n[virtio]\ndevice_prefix=/dev/x/\n', '/f');
    expect(ini.get('general')!.get('heart_beat_rate')).toEqual({ value: '5', line: 3 });
    expect(ini.get('general')!.get('applications_list')!.value).toBe('a b\nc d');
    expect(ini.get('virtio')!.get('device_prefix')).toEqual({ value: '/dev/x/', line: 8 });
  });

  it('names the file and line of what it cannot read', () => {
    expect(() => parseIni('key = value\n', '/c')).toThrow('/c:1: cannot parse "key = value"; expected "[section]" or "key = value" inside a section');
    expect(() => parseIni('[s]\njunk\n', '/c')).toThrow('/c:2: cannot parse "junk"');
  });
});
