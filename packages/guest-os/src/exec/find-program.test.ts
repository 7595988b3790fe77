import { describe, expect, it } from '@jest/globals';
import { constants as osConstants } from 'node:os';
import { findProgram, type ProgramFs } from './find-program.js';

const { ENOENT, EACCES } = osConstants.errno;

function fakeFs(files: Record<string, 'exec' | 'noexec' | 'dir'>): ProgramFs {
  return {
    stat: async (p) => {
      const kind = files[p];
      if (kind === undefined) throw Object.assign(new Error('x'), { code: 'ENOENT' });
      return { isFile: () => kind !== 'dir', isDirectory: () => kind === 'dir' };
    },
    accessExec: async (p) => {
      if (files[p] !== 'exec') throw Object.assign(new Error('x'), { code: 'EACCES' });
    },
  };
}

describe('findProgram (g_spawn PATH search)', () => {
  const fs = fakeFs({ '/a/tool': 'noexec', '/b/tool': 'exec', '/c/only': 'noexec', '/d': 'dir', './rel': 'exec' });

  it('uses names with a slash as they are', async () => {
    expect(await findProgram('/b/tool', undefined, fs)).toEqual({ path: '/b/tool' });
    expect(await findProgram('/d', undefined, fs)).toEqual({ errno: EACCES });
    expect(await findProgram('/nope', undefined, fs)).toEqual({ errno: ENOENT });
    expect(await findProgram('', undefined, fs)).toEqual({ errno: ENOENT });
  });

  it('skips non-executable candidates but reports EACCES when nothing else matches', async () => {
    expect(await findProgram('tool', '/a:/b', fs)).toEqual({ path: '/b/tool' });
    expect(await findProgram('only', '/a:/c', fs)).toEqual({ errno: EACCES });
    expect(await findProgram('missing', '/a:/c', fs)).toEqual({ errno: ENOENT });
  });

  it('treats an empty PATH entry as the current directory and defaults to /bin:/usr/bin', async () => {
    expect(await findProgram('rel', ':/x', fs)).toEqual({ path: './rel' });
    expect(await findProgram('rel', '.', fs)).toEqual({ path: './rel' });
    expect(await findProgram('sh', undefined)).toEqual({ path: '/bin/sh' });
  });
});
