/**
 * SSO credentials channel over a real UNIX socket: the greeter side (here
 * the test, as an allowed uid) fetches the block with the announced token;
 * a wrong token or a uid that is not allowed gets nothing.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credServer } from '../src/sso/cred-server.js';
import { unpackCredentials } from '../src/sso/credentials-block.js';
import { memoryLog } from '../src/testing/fixtures.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fetch(path: string, token: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    const c = net.connect(path, () => c.write(token));
    c.on('data', (d) => parts.push(d));
    c.on('error', () => undefined);
    c.on('close', () => resolve(Buffer.concat(parts)));
  });
}

describe('SSO credentials channel', () => {
  it('hands the credentials block to an allowed peer presenting the token, then wipes it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sso-'));
    const socket = join(dir, 'cred.sock');
    const log = memoryLog();
    let got: Promise<Buffer> | undefined;
    const login = credServer({
      socket,
      timeoutMs: 5000,
      allowedUids: [process.getuid!()],
      log,
      announce: async (token) => {
        expect(token).toMatch(/^[0-9a-f]{32}$/);
        got = fetch(socket, 'wrong-token-wrong-token-wrong-to').then(() => fetch(socket, token));
      },
    });
    await login('alice@EXAMPLE', 'p\u00e4ss');
    expect(unpackCredentials(await got!)).toEqual({ username: 'alice@EXAMPLE', password: 'p\u00e4ss' });
    expect(log.lines).toEqual(['warn: SSO: a wrong token was presented', 'info: SSO: credentials handed over']);
    expect(log.lines.join('\n')).not.toContain('p\u00e4ss');
  });

  it('refuses peers whose uid is not allowed and gives up after the timeout', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sso-'));
    const socket = join(dir, 'cred.sock');
    const log = memoryLog();
    let got: Buffer | undefined;
    const login = credServer({
      socket,
      timeoutMs: 300,
      allowedUids: [process.getuid!() + 4242],
      log,
      announce: async (token) => {
        got = await fetch(socket, token);
      },
    });
    await login('alice', 'p');
    expect(got!.length).toBe(0);
    expect(log.lines).toEqual([`warn: SSO: refused a credentials request from uid ${process.getuid!()}`, 'info: SSO: nobody fetched the credentials in time']);
  });
});
