/**
 * Socket activation as systemd does it with deploy/spice-vdagentd.socket:
 * systemd-socket-activate listens, starts the bundled daemon on the first
 * connection with LISTEN_FDS=1, and the daemon serves that socket (VERSION
 * to the waiting agent) without creating or removing its own path.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpiceHost } from '@ga/spice-sim/host';
import type { SpiceHostListener } from '@ga/spice-sim/host';
import { FakeAgent } from '../src/daemon/test-harness.js';
import { DEFAULT_SESSION_SOCKET } from '../src/cli.js';
import { eventually, requireProgram, start } from './helpers/processes.js';
import type { Proc } from './helpers/processes.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const BUNDLE = join(HERE, '..', 'dist', 'spice-vdagentd.mjs');
let dir: string;
let activator: Proc | undefined;
let listener: SpiceHostListener | undefined;
afterEach(async () => {
  await activator?.stop();
  await listener?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('socket activation', () => {
  it('the deploy units listen where the daemon looks, and the daemon serves the socket systemd passes', async () => {
    const socketUnit = readFileSync(join(HERE, '..', 'deploy', 'spice-vdagentd.socket'), 'utf8');
    expect(socketUnit).toContain(`ListenStream=${DEFAULT_SESSION_SOCKET}`);
    expect(readFileSync(join(HERE, '..', 'deploy', 'spice-vdagentd.conf'), 'utf8')).toContain(`d ${dirname(DEFAULT_SESSION_SOCKET)} 0755 root root -`);

    requireProgram('/usr/bin/systemd-socket-activate', 'systemd');
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" in apps/spice-vdagent first`);
    dir = mkdtempSync(join(tmpdir(), 'vdagentd-activate-'));
    const sock = join(dir, 'spice-vdagent-sock');
    listener = await SpiceHost.listen(join(dir, 'port.sock'));
    // -S points elsewhere on purpose: with a passed fd the daemon must not create it.
    const unused = join(dir, 'unused-sock');
    activator = start('/usr/bin/systemd-socket-activate', ['-l', sock, process.execPath, BUNDLE, '-x', '-X', '-d', '-s', join(dir, 'port.sock'), '-S', unused, '-f', '-u', join(dir, 'events')]);
    await eventually('the activation socket', () => (existsSync(sock) ? true : undefined));
    const agent = await FakeAgent.connect(sock);
    expect((await agent.next()).data.toString()).toBe('0.22.1\0');
    expect(existsSync(unused)).toBe(false);
    await activator.waitFor(/session socket fd 3/);
    agent.close();
    await activator.stop();
    activator = undefined;
    expect(statSync(sock).isSocket()).toBe(true);
  });
});
