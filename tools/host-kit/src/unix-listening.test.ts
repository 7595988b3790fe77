import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isListening, listeningIn, waitUntilListening } from './unix-listening.js';

const HEADER = 'Num       RefCount Protocol Flags    Type St Inode Path\n';

describe('listeningIn', () => {
  it('needs the listening flag, not only the path', () => {
    const bound = `${HEADER}0000000000000000: 00000002 00000000 00000000 0001 01 4242 /run/a.sock\n`;
    const listening = `${HEADER}0000000000000000: 00000002 00000000 00010000 0001 01 4242 /run/a.sock\n`;
    expect(listeningIn(bound, '/run/a.sock')).toBe(false);
    expect(listeningIn(listening, '/run/a.sock')).toBe(true);
    expect(listeningIn(listening, '/run/a.sock2')).toBe(false);
  });
});

describe('on real sockets', () => {
  let dir: string | undefined;
  let server: net.Server | undefined;
  afterEach(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sees a socket once a server listens on it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ga-listening-'));
    const path = join(dir, 's.sock');
    expect(await isListening(path)).toBe(false);
    const srv = net.createServer();
    server = srv;
    await new Promise<void>((r) => srv.listen(path, r));
    await waitUntilListening(path, { timeoutMs: 2000 });
    expect(await isListening(path)).toBe(true);
  });

  it('stops at once when the process it waits for is gone', async () => {
    await expect(waitUntilListening('/nonexistent/x.sock', { gone: () => 'exited with 1' })).rejects.toThrow(
      '/nonexistent/x.sock never listened: exited with 1',
    );
  });
});
