import { describe, it, expect } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { KOFFI_LOADED_PROBE, runProbeJson } from '@ga/host-kit/probe-bundle';

const srcDir = fileURLToPath(new URL('..', import.meta.url));

const runChild = (code: string): unknown => runProbeJson(code, srcDir);
const probe = KOFFI_LOADED_PROBE;

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
