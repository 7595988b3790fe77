import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { BatchedFdStream } from './batched-fd-stream.js';

const turn = () => new Promise((r) => setImmediate(r));

describe('BatchedFdStream', () => {
  it('writes the lines of one event-loop turn in one write, in order', async () => {
    const calls: string[] = [];
    const s = new BatchedFdStream(99, { write: (_fd, d) => calls.push(d.toString()) });
    s.write('a\n');
    s.write('b\n');
    s.write('c\n');
    expect(calls).toEqual([]);
    await turn();
    await turn();
    expect(calls).toEqual(['a\nb\nc\n']);
    s.write('d\n');
    await turn();
    await turn();
    expect(calls).toEqual(['a\nb\nc\n', 'd\n']);
    s.end();
  });

  it('writes at once past maxBytes, and end() flushes what is held', async () => {
    const calls: number[] = [];
    const s = new BatchedFdStream(99, { maxBytes: 10, write: (_fd, d) => calls.push(d.length) });
    s.write('12345');
    s.write('67890');
    expect(calls).toEqual([10]);
    s.write('x');
    await new Promise<void>((r) => s.end(r));
    expect(calls).toEqual([10, 1]);
  });

  it('hold() writes what it has at once and keeps later lines until release() (a log file being frozen)', async () => {
    const calls: string[] = [];
    const s = new BatchedFdStream(99, { maxBytes: 4, write: (_fd, d) => calls.push(d.toString()) });
    s.write('a\n');
    s.hold();
    expect(calls).toEqual(['a\n']);
    s.write('bbbbbb\n'); // past maxBytes: still kept
    await turn();
    await turn();
    expect(calls).toEqual(['a\n']);
    s.release();
    expect(calls).toEqual(['a\n', 'bbbbbb\n']);
    s.end();
  });

  it('keeps the lines after EAGAIN and writes them later', async () => {
    const calls: string[] = [];
    let fail = true;
    const s = new BatchedFdStream(99, {
      write: (_fd, d) => {
        if (fail) {
          fail = false;
          throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN', unwritten: d });
        }
        calls.push(d.toString());
      },
    });
    s.write('kept\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual(['kept\n']);
    s.end();
  });

  it('writes to a real file, and a process that exits right after logging loses nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-batched-'));
    try {
      const file = join(dir, 'out');
      const fd = openSync(file, 'w');
      // Node 20 runs no TypeScript: bundle a tiny program the way the agents are bundled.
      const program = join(dir, 'p.mjs');
      buildSync({
        stdin: { contents: `import { batchedStderr } from './batched-fd-stream.ts'; const s = batchedStderr(); for (let i = 0; i < 1000; i++) s.write('line ' + i + '\\n'); process.exit(3);`, resolveDir: dirname(fileURLToPath(import.meta.url)) },
        bundle: true, platform: 'node', format: 'esm', outfile: program, logLevel: 'error',
      });
      const r = spawnSync(process.execPath, [program], { stdio: ['ignore', 'ignore', fd] });
      closeSync(fd);
      expect(r.status).toBe(3);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(1000);
      expect(lines[999]).toBe('line 999');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
