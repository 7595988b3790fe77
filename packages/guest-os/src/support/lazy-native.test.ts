import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleProbe, probeEnv } from '@ga/host-kit/probe-bundle';

const srcDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs `code` (imports relative to srcDir) in a child node, so that its module cache and /proc/self/maps are its own. */
function runChild(code: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'ga-lazy-'));
  try {
    const file = bundleProbe(code, srcDir, dir);
    return JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8', env: probeEnv() })) as unknown;
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
