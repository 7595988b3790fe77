import { describe, expect, it } from '@jest/globals';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFsfreezeHook } from './hook.js';

async function hook(body: string): Promise<{ path: string; log: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ga-hook-'));
  const path = join(dir, 'hook.sh');
  const log = join(dir, 'log');
  await writeFile(path, `#!/bin/sh\necho "$@" >> ${log}\n${body}\n`);
  await chmod(path, 0o755);
  return { path, log };
}

describe('runFsfreezeHook (real scripts)', () => {
  it('passes the phase as the single argument', async () => {
    const h = await hook('exit 0');
    await runFsfreezeHook(h.path, 'freeze');
    await runFsfreezeHook(h.path, 'thaw');
    expect(await readFile(h.log, 'utf8')).toBe('freeze\nthaw\n');
  });

  it('reports the exit status and abnormal termination', async () => {
    await expect(runFsfreezeHook((await hook('exit 7')).path, 'freeze')).rejects.toThrow(
      'fsfreeze hook has failed with status 7',
    );
    await expect(runFsfreezeHook((await hook('kill -9 $$')).path, 'freeze')).rejects.toThrow(
      'fsfreeze hook has terminated abnormally',
    );
  });

  it('requires an executable hook', async () => {
    await expect(runFsfreezeHook('/nonexistent/hook', 'freeze')).rejects.toThrow(
      "can't access fsfreeze hook '/nonexistent/hook': No such file or directory",
    );
  });
});
