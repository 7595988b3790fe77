import { describe, expect, it } from '@jest/globals';
import { getOsInfo } from './os-info.js';
import { parseKeyFile, readOsRelease, unquoteOsReleaseValue } from './os-release.js';

describe('os-release values (qemu-ga quirks)', () => {
  it('unquotes double quotes with shell escapes', () => {
    expect(unquoteOsReleaseValue('"Debian GNU/Linux 12 (bookworm)"')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(unquoteOsReleaseValue('"a\\"b\\$c\\\\d\\`e\\nf"')).toBe('a"b$c\\d`e\\nf');
    expect(unquoteOsReleaseValue('"abc')).toBe('abcc');
  });
  it('cuts unquoted and single-quoted values at the first space, then at ";"', () => {
    expect(unquoteOsReleaseValue('fedora')).toBe('fedora');
    expect(unquoteOsReleaseValue('Fedora Linux')).toBe('Fedora');
    expect(unquoteOsReleaseValue("'Fedora Linux'")).toBe("'Fedora");
    expect(unquoteOsReleaseValue('a;b c')).toBe('a');
  });
});

describe('parseKeyFile (GKeyFile rules)', () => {
  it('trims, takes the last duplicate, ignores comments and other groups', () => {
    const m = parseKeyFile(Buffer.from('# c\n\n ID = debian \nID=ubuntu\n[other]\nNAME=x\n'));
    expect(m && Object.fromEntries(m)).toEqual({ ID: 'ubuntu' });
  });
  it('rejects the whole file on a stray line or invalid UTF-8', () => {
    expect(parseKeyFile(Buffer.from('ID=x\nnot a pair\n'))).toBeUndefined();
    expect(parseKeyFile(Buffer.from([0x49, 0x44, 0x3d, 0xc3, 0x28]))).toBeUndefined();
  });
});

describe('readOsRelease / getOsInfo', () => {
  const files: Record<string, string> = {
    '/etc/os-release': 'ID=debian\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n',
    '/usr/lib/os-release': 'ID=fallback\n',
    '/custom': 'ID=custom\nVARIANT="Server Edition"\nVARIANT_ID=server\n',
  };
  const readFile = async (p: string): Promise<Buffer> => {
    const t = files[p];
    if (t === undefined) throw new Error('ENOENT');
    return Buffer.from(t);
  };

  it('uses $QGA_OS_RELEASE only, else /etc/os-release then /usr/lib/os-release', async () => {
    expect(await readOsRelease({ readFile, env: {} })).toEqual({ id: 'debian', name: 'Debian GNU/Linux', versionId: '12' });
    expect(await readOsRelease({ readFile, env: { QGA_OS_RELEASE: '/custom' } })).toEqual({
      id: 'custom',
      variant: 'Server Edition',
      variantId: 'server',
    });
    expect(await readOsRelease({ readFile, env: { QGA_OS_RELEASE: '/missing' } })).toEqual({});
    const noEtc = async (p: string) => (p === '/etc/os-release' ? Promise.reject(new Error('x')) : readFile(p));
    expect(await readOsRelease({ readFile: noEtc, env: {} })).toEqual({ id: 'fallback' });
  });

  it('adds uname facts', async () => {
    const info = await getOsInfo({
      readFile,
      env: {},
      uname: () => ({ release: '6.1.0', version: '#1 SMP', machine: 'x86_64' }),
    });
    expect(info).toEqual({
      kernelRelease: '6.1.0',
      kernelVersion: '#1 SMP',
      machine: 'x86_64',
      id: 'debian',
      name: 'Debian GNU/Linux',
      versionId: '12',
    });
  });
});
