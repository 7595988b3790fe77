import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bundleScript } from './test-util/bundle.js';
import { tempDir } from './test-util/net.js';

/**
 * Natives must load only when their channel opens: an agent on unix-listen
 * must not need (or pay for) koffi or serialport's bindings. Checked in a
 * child process: the CJS module cache and the shared objects mapped into it.
 */
const probe = `
  import { readFileSync } from 'node:fs';
  import { createRequire } from 'node:module';
  export function loaded() {
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const maps = readFileSync('/proc/self/maps', 'utf8');
    return {
      koffi: cache.some((k) => k.includes('/koffi/')) || maps.includes('koffi'),
      serialport: cache.some((k) => k.includes('bindings-cpp') || k.includes('/serialport/')) || maps.includes('bindings-cpp'),
    };
  }`;

function run(body: string): Record<string, unknown> {
  const script = bundleScript('lazy', `${probe}\n${body}`);
  return JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' })) as Record<string, unknown>;
}

describe('lazy loading of natives', () => {
  it('importing ./open and ./unix-listen and opening a unix-listen channel loads neither koffi nor serialport', () => {
    const sock = join(tempDir(), 'lazy.sock');
    const out = run(`
      import { openChannel } from './open.ts';
      import { UnixListenChannel } from './unix-listen.ts';
      import './spec.ts';
      const atImport = loaded();
      const ch = await openChannel({ method: 'unix-listen', path: ${JSON.stringify(sock)} });
      const afterOpen = loaded();
      await ch.close();
      console.log(JSON.stringify({ atImport, afterOpen, cls: typeof UnixListenChannel }));`);
    expect(out).toEqual({
      atImport: { koffi: false, serialport: false },
      afterOpen: { koffi: false, serialport: false },
      cls: 'function',
    });
  });

  it('the probe does see natives once a channel needs them (control)', () => {
    const out = run(`
      import './vsock-listen.ts';
      import './isa-serial.ts';
      const atImport = loaded();
      const { socketCalls: libc } = await import('@ga/native/socket-calls');
      libc();
      await import('serialport');
      console.log(JSON.stringify({ atImport, after: loaded() }));`);
    expect(out).toEqual({ atImport: { koffi: false, serialport: false }, after: { koffi: true, serialport: true } });
  });
});
