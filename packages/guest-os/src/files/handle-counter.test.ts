import { describe, expect, it } from '@jest/globals';
import { HandleCounter, formatStateFile, parseStateFile, type CounterFs } from './handle-counter.js';

describe('qga.state handling', () => {
  it('round-trips the GLib key file qemu-ga writes', () => {
    expect(formatStateFile(1021)).toBe('[global]\nfd_counter=1021\n');
    expect(parseStateFile('[global]\nfd_counter=1021\n')).toBe(1021);
    expect(parseStateFile('# c\n[other]\nfd_counter=5\n[global]\n fd_counter = 7 \n')).toBe(7);
    expect(parseStateFile('[global]\nfd_counter=abc\n')).toBeUndefined();
    expect(parseStateFile('')).toBeUndefined();
  });

  it('starts at 1000 without a state file and reports a failed commit like qemu-ga', async () => {
    const writes: [string, string][] = [];
    let failWrite = false;
    const fs: CounterFs = {
      readFile: async () => {
        throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      },
      writeFileAtomic: async (p, d) => {
        if (failWrite) throw new Error('EROFS');
        writes.push([p, d]);
      },
    };
    const c = new HandleCounter('/state', fs);
    expect(await c.take()).toBe(1000);
    expect(writes).toEqual([['/state/qga.state', '[global]\nfd_counter=1001\n']]);
    failWrite = true;
    await expect(c.take()).rejects.toThrow('failed to commit persistent state to disk');
  });
});

describe('ensureStateFile', () => {
  it('creates qga.state at startup unless frozen, and keeps an existing one', async () => {
    const { mkdtemp, readFile, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { ensureStateFile } = await import('./handle-counter.js');
    const dir = await mkdtemp(join(tmpdir(), 'ga-state-'));
    await ensureStateFile(dir, true);
    await expect(readFile(join(dir, 'qga.state'), 'utf8')).rejects.toThrow();
    await ensureStateFile(dir, false);
    expect(await readFile(join(dir, 'qga.state'), 'utf8')).toBe('[global]\nfd_counter=1000\n');
    await writeFile(join(dir, 'qga.state'), '[global]\nfd_counter=1042\n');
    await ensureStateFile(dir, false);
    expect(await readFile(join(dir, 'qga.state'), 'utf8')).toBe('[global]\nfd_counter=1042\n');
    await expect(ensureStateFile('/nonexistent/dir', false)).rejects.toThrow(
      'unable to create state file at path /nonexistent/dir/qga.state',
    );
  });
});
