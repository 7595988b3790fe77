import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureThreadpool, threadpoolSize } from './threadpool.js';
import { bundleScript } from './test-util/bundle.js';
import { tempDir } from './test-util/net.js';

describe('ensureThreadpool', () => {
  it('reports a pool smaller than wanted, with the fix, and raises the variable for children', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(threadpoolSize(env)).toBe(4);
    expect(ensureThreadpool(8, env)).toMatch(/UV_THREADPOOL_SIZE is 4, below 8.*Environment=UV_THREADPOOL_SIZE=8/);
    expect(env.UV_THREADPOOL_SIZE).toBe('8');
    expect(ensureThreadpool(8, env)).toBeUndefined();
    env.UV_THREADPOOL_SIZE = '16';
    expect(ensureThreadpool(8, env)).toBeUndefined();
    expect(env.UV_THREADPOOL_SIZE).toBe('16');
  });

  it('with UV_THREADPOOL_SIZE=8 at start (env or a CJS launcher), 6 blocked pool calls leave room: a stat still completes', () => {
    const dir = tempDir();
    for (let i = 0; i < 6; i++) execFileSync('mkfifo', [join(dir, `f${i}`)]);
    const script = bundleScript(
      'threadpool',
      `import { ensureThreadpool } from './threadpool.ts';
       import { open, openSync, closeSync } from 'node:fs';
       import { stat } from 'node:fs/promises';
       const warning = ensureThreadpool(8);
       const dir = ${JSON.stringify(dir)};
       const opened = [];
       // Each open of a FIFO without a writer blocks one pool thread (like a read or a write on an absent virtio host).
       for (let i = 0; i < 6; i++) open(dir + '/f' + i, 'r', (err, fd) => opened.push(fd));
       await new Promise((r) => setImmediate(r));
       const st = await stat(dir); // needs a 7th thread
       const writers = [];
       for (let i = 0; i < 6; i++) writers.push(openSync(dir + '/f' + i, 'r+'));
       while (opened.length < 6) await new Promise((r) => setTimeout(r, 10));
       for (const fd of [...opened, ...writers]) closeSync(fd);
       console.log(JSON.stringify({ dir: st.isDirectory(), warning: warning ?? null }));`,
    );
    const out = execFileSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, UV_THREADPOOL_SIZE: '8' } });
    expect(JSON.parse(out)).toEqual({ dir: true, warning: null });
    // The same from a CommonJS launcher that calls ensureThreadpool() and then imports the ESM program.
    const launcher = bundleScript(
      'launcher',
      `import { ensureThreadpool } from './threadpool.ts';
       const warning = ensureThreadpool(8);
       if (!warning) throw new Error('expected a warning: the test starts node without UV_THREADPOOL_SIZE');
       const target = ${JSON.stringify(script)};
       import(target);`,
      'cjs',
    );
    const env = { ...process.env };
    delete env.UV_THREADPOOL_SIZE;
    const viaLauncher = execFileSync(process.execPath, [launcher], { encoding: 'utf8', env });
    expect(JSON.parse(viaLauncher)).toEqual({ dir: true, warning: null });
  });
});
