// The bundled CLI (dist/qga-client.mjs) against Debian's qemu-ga 7.2.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RealAgent } from './real-agent.js';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'qga-client.mjs');
const run = promisify(execFile);
let agent: RealAgent;

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build in tools/qga-client`);
  agent = new RealAgent();
  await agent.start();
  await new Promise((r) => setTimeout(r, 200));
});
afterAll(() => agent.stop());

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, [BUNDLE, '--socket', agent.sock, ...args]);
    return { ...r, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

describe('qga-client CLI', () => {
  it('sends a command with JSON arguments and prints the reply', async () => {
    expect(await cli('guest-sync', '{"id": 9223372036854775807}')).toEqual({ stdout: '{"return":9223372036854775807}\n', stderr: '', code: 0 });
  });

  it('exits 1 on an error reply', async () => {
    const r = await cli('guest-nope');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"CommandNotFound"');
  });

  it('--raw prints the agent bytes unchanged', async () => {
    const r = await cli('--raw', '{"execute":"guest-ping","id":{"a":[1,2]}}');
    expect(r.stdout).toBe('{"return": {}, "id": {"a": [1, 2]}}\n');
  });

  it('--libvirt-sync and --no-sync both reach the agent', async () => {
    expect((await cli('--libvirt-sync', 'ping')).stdout).toBe('pong\n');
    expect((await cli('--no-sync', 'guest-ping')).stdout).toBe('{"return":{}}\n');
  });

  it('exec runs a program in the guest and passes its exit code and output through', async () => {
    expect(await cli('exec', '/bin/sh', '-c', 'echo out; echo err >&2; exit 3')).toEqual({ stdout: 'out\n', stderr: 'err\n', code: 3 });
  });

  it('fsfreeze status and info', async () => {
    expect((await cli('fsfreeze', 'status')).stdout).toBe('"thawed"\n');
    expect((await cli('info')).stdout).toContain('"version": "7.2.22"');
  });

  it('says what to do when the socket is wrong', async () => {
    const r = await run(process.execPath, [BUNDLE, '--socket', '/nonexistent/sock', 'ping']).catch((e: { stderr: string; code: number }) => e);
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toContain('is the agent (or QEMU\'s chardev) listening there?');
  });
});
