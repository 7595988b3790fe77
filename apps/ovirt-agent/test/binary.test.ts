/**
 * The bundled agent (dist/ovirt-agent.mjs) on a UNIX socket, against the
 * VDSM simulator: every report, negotiation to API 3 and VDSM's "Up" with
 * every field filled, commands without side effects on this machine (echo,
 * lifecycle hooks from a temp hooks.d), bad input, reconnect, stop.
 * Actions with side effects are covered in-process (actions.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startListeningAgent, type RunningAgent } from '@ga/host-kit/agent-process';
import { VdsmHost } from '@ga/ovirt-sim/vdsm-host';

const AGENT = { bundle: join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'ovirt-agent.mjs'), packageDir: 'apps/ovirt-agent', socketName: 'ovirt.sock' };
let dir: string;
let agent: RunningAgent;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ovirt-e2e-'));
  mkdirSync(join(dir, 'hooks.d/before_migration'), { recursive: true });
  writeFileSync(join(dir, 'hooks.d/before_migration/10_mark'), `#!/bin/sh\necho ran >> ${dir}/hook-ran\n`);
  chmodSync(join(dir, 'hooks.d/before_migration/10_mark'), 0o755);
  // Fast heartbeats so negotiation to API 3 takes 2 s instead of 10.
  writeFileSync(join(dir, 'agent.conf'), `[general]\nheart_beat_rate = 1\napplications_list = bash coreutils\n[hooks]\ndirectory = ${dir}/hooks.d\ntimeout = 2\n[credentials]\nsocket = ${dir}/cred.sock\n`);
  agent = await startListeningAgent(AGENT, ['--config', join(dir, 'agent.conf'), '--verbose']);
  // Generous: a loaded 2-core machine starts node slowly (not a speed assertion).
}, 60_000);
afterAll(async () => {
  await agent?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('ovirt-agent binary against the VDSM simulator', () => {
  it('is marked Up at API 3 with every field VDSM stores filled', async () => {
    const host = await VdsmHost.connect(agent.socket);
    await host.waitFor(() => host.fullyUp() && host.model.guestInfo.guestCPUCount > 0, 15000, 'Up at API 3');
    const info = host.model.getGuestInfo() as Record<string, unknown>;
    for (const k of ['guestName', 'guestOs', 'guestFQDN', 'netIfaces', 'guestIPs', 'appsList', 'disksUsage', 'guestTimezone', 'guestOsInfo', 'guestContainers', 'memUsage', 'memoryStats', 'username']) expect(info[k]).toBeDefined();
    expect(host.model.effectiveApiVersion).toBe(3);
    expect((info.appsList as string[]).some((a) => a.startsWith('bash-'))).toBe(true);
    expect((info.disksUsage as Array<{ total: unknown }>).every((d) => typeof d.total === 'string')).toBe(true);
    expect((info.memoryStats as Record<string, string>).mem_free).toBe((info.memoryStats as Record<string, string>).mem_unused);
    expect(info.guestOsInfo).toMatchObject({ type: 'linux' });
    expect(host.model.log.filter((l) => l.level === 'error' || l.level === 'warning')).toEqual([]);
    expect(host.lostChunks).toBe(0);
    // Every line VDSM received is below its 1 MiB limit.
    expect(Buffer.concat(host.raw).toString('latin1').split('\n').every((l) => l.length < 1 << 20)).toBe(true);
    const names = new Set(host.model.messages.map((m) => m.name));
    for (const n of ['session-startup', 'heartbeat', 'host-name', 'os-version', 'network-interfaces', 'applications', 'active-user', 'fqdn', 'disks-usage', 'containers', 'timezone', 'os-info', 'number-of-cpus']) expect(names).toContain(n);
    await host.close();
  }, 30000);

  it('runs lifecycle hooks and answers completion well inside 10 s; echo comes back', async () => {
    const host = await VdsmHost.connect(agent.socket);
    await host.waitFor(() => host.model.effectiveApiVersion === 3, 15000, 'API 3');
    const r = await host.lifecycleEvent('before_migration');
    expect(r).toMatchObject({ sent: true, replied: true });
    expect(readFileSync(join(dir, 'hook-ran'), 'utf8')).toBe('ran\n');
    const missing = await host.lifecycleEvent('before_hibernation');
    expect(missing).toMatchObject({ sent: true, replied: true });
    await host.sendHcCmdToDesktop('echo');
    await host.waitFor(() => host.model.log.some((l) => l.text === 'Unknown message type echo'), 5000, 'echo');
    await host.close();
  }, 30000);

  it('survives garbage, a 10 MB line, unknown commands and wrong types', async () => {
    const host = await VdsmHost.connect(agent.socket);
    await host.waitFor(() => host.model.messages.some((m) => m.name === 'fqdn'), 10000, 'refresh burst');
    const sock = (host as unknown as { socket: { write(b: Buffer | string): Promise<void> } }).socket;
    await sock.write('garbage line\n[1, 2]\n{"__name__": "no-such-command"}\n\xff\xfe\n');
    await sock.write(Buffer.concat([Buffer.alloc(10 * 1024 * 1024, 0x61), Buffer.from('\n')]));
    await sock.write('{"__name__": "shutdown", "reboot": "maybe"}\n{"__name__": "set-number-of-cpus", "count": "x"}\n{"__name__": "hibernate", "state": 7}\n{"__name__": "api-version", "apiVersion": "x"}\n');
    const before = host.model.messages.length;
    await host.sendHcCmdToDesktop('echo');
    await host.waitFor(() => host.model.messages.slice(before).some((m) => m.name === 'echo'), 10000, 'echo after garbage');
    await agent.waitForStderr('(too-long)');
    expect(agent.stderr()).toContain('unknown command "no-such-command" ignored');
    expect(agent.stderr()).toContain('shutdown: ignored, reboot "maybe" is neither true nor false');
    await host.close();
  }, 30000);

  it('starts over on reconnect: refresh burst, first heartbeat at API 0, then 3', async () => {
    const first = await VdsmHost.connect(agent.socket);
    await first.close();
    const host = await VdsmHost.connect(agent.socket, { apiVersion: 3 });
    await host.waitFor(() => host.model.messages.filter((m) => m.name === 'heartbeat').length >= 2, 10000, 'two heartbeats');
    const hb = host.model.messages.filter((m) => m.name === 'heartbeat').map((m) => m.args.apiVersion);
    expect(hb.slice(0, 2)).toEqual([0, 3]);
    expect(host.model.messages[0]!.name).toBe('session-startup');
    expect(host.sent.filter((l) => l.includes('"api-version"')).length).toBe(1);
    await host.close();
  }, 30000);

  it('the simulator CLI prints the guest info VDSM would hand to the engine', async () => {
    const { runBundle } = await import('@ga/host-kit/run-bundle');
    const sim = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'tools', 'ovirt-sim', 'dist', 'ovirt-sim.mjs');
    expect(existsSync(sim)).toBe(true);
    const r = await runBundle(sim, ['--socket', agent.socket, '--vdsm', '--wait', '15', '--lifecycle', 'before_migration', '--settle', '0.2'], 'run "npm run build" in tools/ovirt-sim first');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('\n{') + 1));
    expect(json).toMatchObject({ guestStatus: 'Up', effectiveApiVersion: 3, responsive: true });
    expect(r.stdout).toContain('-> lifecycle-event before_migration {"sent":true,"replied":true');
  }, 40000);

  it('sends session-shutdown last when stopped', async () => {
    const host = await VdsmHost.connect(agent.socket);
    await host.waitFor(() => host.model.messages.some((m) => m.name === 'fqdn'), 10000, 'refresh burst');
    expect(await agent.stop()).toBe(0);
    await host.waitFor(() => host.model.seenShutdown === true, 5000, 'session-shutdown').catch(() => undefined);
    expect(host.model.messages.at(-1)!.name).toBe('session-shutdown');
    await host.close().catch(() => undefined);
  }, 30000);
});
