import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { defaultPath, parseChannelSpec, parseVsockAddress, specForPortPath } from './spec.js';
import { tempDir } from './test-util/net.js';

describe('parseChannelSpec', () => {
  it('maps each qemu-ga method', () => {
    expect(parseChannelSpec('virtio-serial', '/dev/virtio-ports/org.qemu.guest_agent.0')).toEqual({
      method: 'virtio-serial',
      path: '/dev/virtio-ports/org.qemu.guest_agent.0',
    });
    expect(parseChannelSpec('isa-serial', '/dev/ttyS1')).toEqual({ method: 'isa-serial', path: '/dev/ttyS1' });
    expect(parseChannelSpec('isa-serial', '/dev/ttyS1', { baudRate: 115200 })).toEqual({
      method: 'isa-serial',
      path: '/dev/ttyS1',
      baudRate: 115200,
    });
    expect(parseChannelSpec('unix-listen', '/run/qga.sock')).toEqual({ method: 'unix-listen', path: '/run/qga.sock' });
    expect(parseChannelSpec('unix-connect', '/run/x.sock')).toEqual({ method: 'unix-connect', path: '/run/x.sock' });
    expect(parseChannelSpec('vsock-listen', '4294967295:1234')).toEqual({ method: 'vsock-listen', cid: 4294967295, port: 1234 });
    expect(parseChannelSpec('vsock-listen', '3:5', { allowAnyCid: true })).toEqual({
      method: 'vsock-listen',
      cid: 3,
      port: 5,
      allowAnyCid: true,
    });
  });

  it('rejects unknown methods with qemu-ga text', () => {
    expect(() => parseChannelSpec('tcp', '/x')).toThrow(/^unsupported channel method\/type: tcp/);
  });

  it('requires a path', () => {
    expect(() => parseChannelSpec('unix-listen', '')).toThrow(/must specify a path for this channel/);
  });

  it('rejects malformed vsock addresses', () => {
    for (const bad of ['1234', 'a:1', '1:b', '1:2:3', '4294967296:1', '-1:2', ':5']) {
      expect(() => parseVsockAddress(bad)).toThrow(/expected <cid>:<port>/);
    }
  });

  it('fills defaults like qemu-ga', () => {
    expect(defaultPath('virtio-serial', '/dev/virtio-ports/org.qemu.guest_agent.0')).toBe('/dev/virtio-ports/org.qemu.guest_agent.0');
    expect(defaultPath('isa-serial', 'x')).toBe('/dev/ttyS0');
    expect(defaultPath('unix-listen', 'x')).toBeUndefined();
  });
});

describe('specForPortPath (spice-vdagentd -s)', () => {
  it('connects to a socket, opens anything else as a virtio port', async () => {
    const dir = tempDir();
    const sock = join(dir, 'port.sock');
    const server = createServer();
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      expect(await specForPortPath(sock)).toEqual({ method: 'unix-connect', path: sock });
    } finally {
      server.close();
    }
    expect(await specForPortPath('/dev/null')).toEqual({ method: 'virtio-serial', path: '/dev/null' });
    expect(await specForPortPath(join(dir, 'missing'))).toEqual({ method: 'virtio-serial', path: join(dir, 'missing') });
  });
});

describe('parseVsockAddress (property)', () => {
  it('round-trips every 32-bit CID and port', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (cid, port) => {
        expect(parseVsockAddress(`${cid}:${port}`)).toEqual({ cid, port });
      }),
      { numRuns: Number(process.env.GA_FUZZ_RUNS ?? 1000) },
    );
  });
});
