import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listContainers } from './docker.js';

let server: http.Server | undefined;
let dir: string | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function fakeDocker(handler: http.RequestListener): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'docker-'));
  const path = join(dir, 'docker.sock');
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(path, r));
  return path;
}

describe('listContainers', () => {
  it('maps the Engine API answer', async () => {
    const seen: string[] = [];
    const socketPath = await fakeDocker((req, res) => {
      seen.push(req.url ?? '');
      res.end(JSON.stringify([{ Id: 'abc', Names: ['/web'], Image: 'nginx', Command: 'nginx -g', Status: 'Up 2 hours', Extra: 1 }, 5]));
    });
    expect(await listContainers({ socketPath })).toEqual([{ id: 'abc', names: ['/web'], image: 'nginx', command: 'nginx -g', status: 'Up 2 hours' }]);
    expect(seen).toEqual(['/containers/json?all=true']);
  });
  it('reads as empty without a socket, on errors and on garbage', async () => {
    expect(await listContainers({ socketPath: '/nonexistent/docker.sock' })).toEqual([]);
    const socketPath = await fakeDocker((_req, res) => {
      res.statusCode = 500;
      res.end('no');
    });
    expect(await listContainers({ socketPath })).toEqual([]);
  });
});
