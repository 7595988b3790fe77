import { describe, it, expect } from '@jest/globals';
import { buildSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const srcDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs `code` (imports relative to src/) in a child node, bundled with koffi
 * external so that its module cache and /proc/self/maps are the real ones.
 */
function runChild(code: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'guest-os-lazy-'));
  try {
    const out = buildSync({
      stdin: { contents: code, resolveDir: srcDir, sourcefile: 'probe.ts', loader: 'ts' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      write: false,
      external: ['koffi'],
      logLevel: 'silent',
    });
    const file = join(dir, 'probe.mjs');
    writeFileSync(file, out.outputFiles[0]!.contents);
    // The bundle sits outside the repo: let createRequire find koffi where the workspace installed it.
    const koffiMain = createRequire(import.meta.url).resolve('koffi');
    const nodePath = koffiMain.slice(0, koffiMain.lastIndexOf('/node_modules/') + '/node_modules'.length);
    const text = execFileSync(process.execPath, [file], { encoding: 'utf8', env: { ...process.env, NODE_PATH: nodePath } });
    return JSON.parse(text) as unknown;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const probe = `
  import { readFileSync } from 'node:fs';
  import { createRequire } from 'node:module';
  const koffiLoaded = () =>
    Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/koffi/')) ||
    readFileSync('/proc/self/maps', 'utf8').includes('koffi');
`;

describe('guest-os modules and koffi', () => {
  it('importing every guest-os module that calls libc does not load koffi; the first call does', () => {
    const out = runChild(`${probe}
      import { libc } from '@ga/native/libc';
      import './net/interfaces.ts';
      import './cpu/cpustats.ts';
      import './system/wall-clock.ts';
      import './storage/nvme-smart.ts';
      import './files/file-table.ts';
      import './fsfreeze/fs-ioctl.ts';
      import './time/set-time.ts';
      import './exec/exec-registry.ts';
      const atImport = koffiLoaded();
      libc();
      console.log(JSON.stringify({ atImport, afterCall: koffiLoaded() }));`);
    expect(out).toEqual({ atImport: false, afterCall: true });
  });

});
