import { afterEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'ovirt-sim.mjs');
let dir: string;
let server: Server | undefined;
const sockets: Socket[] = [];

/** A stand-in agent that echoes every line, as the echo agent does. */
async function echoAgent(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'ovirt-sim-cli-'));
  const path = join(dir, 'agent.sock');
  server = createServer((s) => {
    sockets.push(s);
    s.pipe(s);
  });
  await new Promise<void>((r) => server!.listen(path, r));
  return path;
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" in tools/ovirt-sim first`);
  return new Promise((resolve) => {
    execFile(process.execPath, [BUNDLE, ...args], (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('ovirt-sim CLI', () => {
  it('sends refresh, api-version, JSON and raw lines and prints what comes back', async () => {
    const path = await echoAgent();
    const r = await run(['--socket', path, '--refresh', '--api-version', '3', '--send', '{"__name__": "echo", "n": 1}', '--raw', 'junk\\n', '--count', '3']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        '-> {"apiVersion": 3, "__name__": "refresh"}\n-> {"apiVersion": 3, "__name__": "api-version"}\n-> {"__name__": "echo", "n": 1}\n-> (raw) "junk\\\\n"\n' +
        '<- {"apiVersion": 3, "__name__": "refresh"}\n<- {"apiVersion": 3, "__name__": "api-version"}\n<- {"__name__": "echo", "n": 1}\n' +
        '<- (dropped: invalid-json) "junk"\n',
    });
  }, 30000);

  it('fails with a hint when nothing listens', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ovirt-sim-cli-'));
    const r = await run(['--socket', join(dir, 'none.sock'), '--refresh']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ovirt-sim: cannot connect to .*none\.sock: .*start the agent/);
  }, 30000);
});
