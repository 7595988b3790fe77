/**
 * The session socket itself: mode 0666 with the process umask untouched
 * afterwards (the reference widens it around bind only), caps on
 * connections and message sizes. Socket activation: test/socket-activation.test.ts.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeUdscs } from '@ga/framing/udscs';
import { UDSCS } from '@ga/framing/udscs-protocol';
import { FakeAgent } from './test-harness.js';
import { sessionSocketListener } from './session-server.js';
import type { SessionConnection, SessionServer } from './session-server.js';

let dir: string;
let server: SessionServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const greet = (c: SessionConnection) => {
  c.send(UDSCS.VERSION, 0, 0, Buffer.from('0.22.1\0'));
  return { onMessage: () => undefined, onClose: () => undefined };
};

describe('session socket', () => {
  it('is created 0666 under a strict umask, which is restored right after bind', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vdagentd-sock-'));
    const path = join(dir, 'run', 'spice-vdagent-sock');
    const before = process.umask(0o077);
    try {
      server = await sessionSocketListener({ path, maxConnections: 4, maxMessageSize: 1024 })(greet);
      expect(process.umask()).toBe(0o077);
      writeFileSync(join(dir, 'after'), '');
      expect(statSync(join(dir, 'after')).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(before);
    }
    expect(statSync(path).mode & 0o777).toBe(0o666);
    expect(statSync(join(dir, 'run')).mode & 0o777).toBe(0o700); // mkdir under umask 077: only the socket is widened
  });

  it('refuses connections over the cap and drops an agent whose header announces more than the size cap', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vdagentd-sock-'));
    const path = join(dir, 'sock');
    const closes: Array<string | undefined> = [];
    const warnings: string[] = [];
    server = await sessionSocketListener({ path, maxConnections: 1, maxMessageSize: 64, onWarning: (m) => warnings.push(m) })((c) => {
      greet(c);
      return { onMessage: () => undefined, onClose: (why) => void closes.push(why) };
    });
    const a = await FakeAgent.connect(path);
    await a.next();
    const b = await FakeAgent.connect(path);
    await expect(b.next()).rejects.toThrow(/closed the session socket/);
    expect(warnings).toEqual(['too many session agents connected (1); refusing another']);
    // Only the header is sent: the cap applies before any data is buffered.
    a.sendRaw(encodeUdscs(UDSCS.CLIPBOARD_DATA, 0, 1, Buffer.alloc(65)).subarray(0, 16));
    await a.closed;
    expect(closes).toEqual(['message type 4 of 65 bytes exceeds 64: disconnecting the agent']);
  });
});
