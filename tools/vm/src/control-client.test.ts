import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ControlClient } from './control-client.js';

const controlSh = join(dirname(fileURLToPath(import.meta.url)), '../guest/control.sh');

async function waitFor(path: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('ControlClient framing', () => {
  it('parses replies split at any byte, with binary-safe lengths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-ctl-'));
    const path = join(dir, 's');
    const lines: string[] = [];
    const server = createServer((guest) => {
      guest.on('data', (d) => {
        lines.push(d.toString());
        const reply = Buffer.from('noise line\nGA-RESULT 1 3 7\nab\ncdéGA-RESULT 2 0 0\n');
        let i = 0;
        const drip = setInterval(() => {
          if (i >= reply.length) return clearInterval(drip);
          guest.write(reply.subarray(i, i + 3));
          i += 3;
        }, 1);
      });
    });
    await new Promise<void>((r) => server.listen(path, r));
    const socket = createConnection(path);
    const client = new ControlClient(socket);
    try {
      const [a, b] = await Promise.all([client.exec('echo hi'), client.exec('true')]);
      expect(a).toEqual({ code: 3, output: 'ab\ncdé' });
      expect(b).toEqual({ code: 0, output: '' });
      expect(lines.join('')).toContain(`1 ${Buffer.from('echo hi').toString('base64')}\n`);
    } finally {
      socket.destroy();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects pending requests when the port closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-ctl-'));
    const path = join(dir, 's');
    const server = createServer((guest) => guest.on('data', () => guest.destroy()));
    await new Promise<void>((r) => server.listen(path, r));
    const client = new ControlClient(createConnection(path));
    try {
      await expect(client.exec('sleep 1')).rejects.toThrow(/control port closed/);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// guest/control.sh for real, under busybox sh, on a pty standing in for the
// virtio port (socat joins the pty to a UNIX socket, as QEMU joins the port).
describe('guest/control.sh with ControlClient', () => {
  let dir: string;
  let socat: ChildProcess;
  let loop: ChildProcess;
  let socket: Socket;
  let client: ControlClient;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ga-ctl-'));
    socat = spawn('socat', [`PTY,link=${dir}/port,raw,echo=0`, `UNIX-LISTEN:${dir}/host.sock`], { stdio: 'ignore' });
    await waitFor(`${dir}/port`);
    await waitFor(`${dir}/host.sock`);
    loop = spawn('busybox', ['sh', controlSh, `${dir}/port`], { stdio: 'ignore', env: { ...process.env, PATH: `/bin:${process.env.PATH}`, GA_CONTROL_DIR: `${dir}/state` } });
    socket = createConnection(`${dir}/host.sock`);
    client = new ControlClient(socket);
  });
  afterAll(() => {
    socket?.destroy();
    if (loop?.pid && loop.exitCode === null) process.kill(loop.pid, 'SIGKILL');
    if (socat?.pid && socat.exitCode === null) process.kill(socat.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs scripts in order and reports exit code and output', async () => {
    const r1 = await client.exec('echo "one two"; echo err >&2; exit 4', 20_000);
    expect(r1).toEqual({ code: 4, output: 'one two\nerr\n' });
    const r2 = await client.exec("printf 'x\\ny'", 20_000);
    expect(r2).toEqual({ code: 0, output: 'x\ny' });
  });
});
