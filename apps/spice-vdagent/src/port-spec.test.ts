import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSocketFile, portSpec } from './port-spec.js';
import { parseCli } from './cli.js';

describe('-s PORT', () => {
  it('connects to a UNIX socket and opens anything else as a virtio port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spice-port-'));
    const sock = join(dir, 'port.sock');
    const file = join(dir, 'plain');
    writeFileSync(file, '');
    const server = createServer();
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      expect(isSocketFile(sock)).toBe(true);
      expect(isSocketFile(file)).toBe(false);
      expect(portSpec(sock)).toEqual({ method: 'unix-connect', path: sock });
      expect(portSpec(file)).toEqual({ method: 'virtio-serial', path: file });
      expect(portSpec(join(dir, 'missing'))).toEqual({ method: 'virtio-serial', path: join(dir, 'missing') });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--method/--path override -s', () => {
    expect(portSpec('/dev/virtio-ports/com.redhat.spice.0', 'unix-listen', '/tmp/x.sock', () => false)).toEqual({ method: 'unix-listen', path: '/tmp/x.sock' });
    expect(() => portSpec('/x', 'carrier-pigeon')).toThrow(/unsupported channel method/);
  });
});

describe('spice-vdagentd options', () => {
  it('has the reference defaults', async () => {
    expect(await parseCli([])).toEqual({
      debug: 0, portPath: '/dev/virtio-ports/com.redhat.spice.0', sessionSocket: '/run/spice-vdagentd/spice-vdagent-sock', uinput: '/dev/uinput',
      fakeUinput: false, foreground: false, onlyOnce: false, noSessionTracking: false, method: undefined, path: undefined,
    });
  });

  it('parses the reference flags', async () => {
    const o = await parseCli(['-x', '-d', '-d', '-X', '-f', '-u', '/tmp/u', '-s', '/tmp/p', '-S', '/tmp/s', '-o']);
    expect(o).toMatchObject({ debug: 2, foreground: true, noSessionTracking: true, fakeUinput: true, uinput: '/tmp/u', portPath: '/tmp/p', sessionSocket: '/tmp/s', onlyOnce: true });
  });

  it('rejects unknown options with a hint', async () => {
    await expect(parseCli(['--bogus'])).rejects.toThrow(/Unknown argument: bogus; see spice-vdagentd --help/);
  });
});
