/**
 * libvirt (Debian's libvirtd, started here and stopped by pid) talks to our
 * qemu-ga in a TCG domain: virsh qemu-agent-command, guestinfo, domfsinfo,
 * domifaddr --source agent, domtime, guestvcpus, shutdown --mode agent.
 * libvirt's client is strict about reply shapes (qemu-ga.md §5.1), so this
 * is the compatibility check that matters to most users.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ControlClient } from '@ga/vm/control-client';
import { CONTROL_PORT, guestPortPath } from '@ga/vm/ports';
import { acquireVmLock } from '@ga/vm/vm-lock';
import {
  assertLibvirtInstalled,
  channelSocketPath,
  domainXml,
  prepareDomainFiles,
  startLibvirtDaemons,
  virsh,
  type DomainFiles,
  type LibvirtDaemons,
} from './libvirt-host.js';
import { assertCanRunVmTests, BOOT_T, GUEST_AGENT, QGA_PORT, qemuGaImage, T, until } from './vm-agent.js';

const DOMAIN = `ga-qemu-ga-${process.pid}`;

/** `virsh guestinfo` prints "key : value" lines. */
function parseGuestinfo(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) m.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return m;
}

async function connectWhenListening(path: string, ms: number): Promise<Socket> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const s = createConnection(path);
      await new Promise<void>((ok, fail) => {
        s.once('connect', ok);
        s.once('error', fail);
      });
      return s;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`nothing listens on ${path}: ${(e as Error).message}`);
      await sleep(100);
    }
  }
}

describe('libvirt drives our qemu-ga in a TCG domain (one boot)', () => {
  let dir: string | undefined;
  let files: DomainFiles;
  let daemons: LibvirtDaemons | undefined;
  let release: (() => void) | undefined;
  let control: Socket | undefined;
  let ctl: ControlClient;
  let defined = false;
  const consoleTail = (): string => {
    try {
      return readFileSync(files.consoleLog, 'utf8').split('\n').slice(-25).join('\n');
    } catch {
      return '(no console log)';
    }
  };

  beforeAll(async () => {
    assertCanRunVmTests();
    assertLibvirtInstalled();
    const image = await qemuGaImage();
    release = await acquireVmLock({
      onWait: (pid, ms) => process.stderr.write(`[vm] waiting for the VM lock held by pid ${pid} (${Math.round(ms / 1000)} s)\n`),
    });
    dir = mkdtempSync(join(tmpdir(), 'ga-libvirt-'));
    daemons = await startLibvirtDaemons(dir);
    files = prepareDomainFiles(dir, image);
    const xml = join(dir, 'domain.xml');
    // The guest's init starts the agent from boot, as a service would (tools/vm's ga.run hook).
    const run = `mkdir -p /run/qga; exec node ${GUEST_AGENT} -m virtio-serial -p ${guestPortPath(QGA_PORT)} -t /run/qga`;
    writeFileSync(xml, domainXml(DOMAIN, files, CONTROL_PORT, QGA_PORT, `ga.run=${Buffer.from(run).toString('base64')}`));
    await virsh(['define', xml]);
    defined = true;
    const launchedAt = Date.now();
    await virsh(['start', DOMAIN]);
    control = await connectWhenListening(await channelSocketPath(DOMAIN, CONTROL_PORT), 30_000);
    control.on('error', () => undefined);
    ctl = new ControlClient(control);
    await until(async () => readFileSync(files.consoleLog, 'utf8').includes('GA-MARK ready'), 180_000, () => `the guest to boot; console:\n${consoleTail()}`);
    // libvirt is connected to the agent socket from the start; it answers
    // "not connected" until the guest opens the port.
    let last = '';
    await until(
      async () => {
        try {
          last = await virsh(['qemu-agent-command', DOMAIN, '{"execute":"guest-ping"}'], 60_000);
          return true;
        } catch (e) {
          last = (e as Error).message;
          return false;
        }
      },
      180_000,
      () => `the agent to answer libvirt; last: ${last}; console:\n${consoleTail()}`,
    );
    process.stdout.write(`[libvirt] virsh start -> first agent reply through libvirt: ${Date.now() - launchedAt} ms\n`);
  }, BOOT_T);

  afterAll(async () => {
    control?.destroy();
    if (defined) {
      await virsh(['destroy', DOMAIN]).catch(() => undefined);
      await virsh(['undefine', DOMAIN]).catch(() => undefined);
    }
    await daemons?.stop();
    release?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, T);

  it('virsh qemu-agent-command reaches the agent (libvirt syncs with plain guest-sync first)', async () => {
    expect(JSON.parse(await virsh(['qemu-agent-command', DOMAIN, '{"execute":"guest-ping"}']))).toEqual({ return: {} });
    const info = JSON.parse(await virsh(['qemu-agent-command', DOMAIN, '{"execute":"guest-get-host-name"}'])) as unknown;
    expect(info).toEqual({ return: { 'host-name': 'ga-guest' } });
  }, T);

  it('virsh guestinfo: hostname, os, timezone, users, filesystems, disks, interfaces', async () => {
    const g = parseGuestinfo(await virsh(['guestinfo', DOMAIN]));
    expect(g.get('hostname')).toBe('ga-guest');
    expect(g.get('os.id')).toBe('ga-test');
    expect(g.get('os.pretty-name')).toBe('guest-agents test VM');
    expect(g.get('os.machine')).toBe('x86_64');
    expect(g.get('timezone.offset')).toBe('0');
    expect(g.get('user.count')).toBe('1');
    expect(g.get('user.0.name')).toBe('tester');
    const fsCount = Number(g.get('fs.count'));
    const fs = Array.from({ length: fsCount }, (_, i) => ({ mount: g.get(`fs.${i}.mountpoint`), type: g.get(`fs.${i}.fstype`), name: g.get(`fs.${i}.name`) }));
    expect(fs).toContainEqual({ mount: '/mnt/data', type: 'ext4', name: 'vda' });
    const ifCount = Number(g.get('if.count'));
    const addrs: string[] = [];
    for (let i = 0; i < ifCount; i++) {
      for (let j = 0; j < Number(g.get(`if.${i}.addr.count`) ?? 0); j++) {
        addrs.push(`${g.get(`if.${i}.name`)} ${g.get(`if.${i}.addr.${j}.addr`)}/${g.get(`if.${i}.addr.${j}.prefix`)}`);
      }
    }
    expect(addrs).toEqual(expect.arrayContaining(['lo 127.0.0.1/8', 'dummy0 192.0.2.10/24', 'dummy0 2001:db8::10/64']));
    expect(Number(g.get('disk.count'))).toBeGreaterThanOrEqual(1);
  }, T);

  it('virsh domfsinfo, domifaddr --source agent, domtime, guestvcpus', async () => {
    expect(await virsh(['domfsinfo', DOMAIN])).toMatch(/^\s*\/mnt\/data\s+vda\s+ext4\s+vda\s*$/m);
    const ifaddr = await virsh(['domifaddr', DOMAIN, '--source', 'agent']);
    expect(ifaddr).toMatch(/dummy0\s+52:54:00:12:34:56\s+ipv4\s+192\.0\.2\.10\/24/);
    expect(ifaddr).toMatch(/ipv6\s+2001:db8::10\/64/);
    expect(ifaddr).toMatch(/lo\s+00:00:00:00:00:00\s+ipv4\s+127\.0\.0\.1\/8/);
    const time = Number(/Time:\s*(\d+)/.exec(await virsh(['domtime', DOMAIN]))?.[1]);
    expect(Math.abs(time - Date.now() / 1000)).toBeLessThan(120);
    const vcpus = parseGuestinfo(await virsh(['guestvcpus', DOMAIN]));
    expect(vcpus.get('vcpus')).toBe('0-1');
    expect(vcpus.get('online')).toBe('0-1');
  }, T);

  it('virsh domfsfreeze/domfsthaw, domfstrim and set-user-password act in the guest', async () => {
    expect(await virsh(['domfsfreeze', DOMAIN, '--mountpoint', '/mnt/data'])).toMatch(/Froze 1 filesystem/);
    expect(JSON.parse(await virsh(['qemu-agent-command', DOMAIN, '{"execute":"guest-fsfreeze-status"}']))).toEqual({ return: 'frozen' });
    expect(await virsh(['domfsthaw', DOMAIN])).toMatch(/Thawed 1 filesystem/);
    await virsh(['domfstrim', DOMAIN]);
    await virsh(['set-user-password', DOMAIN, 'tester', 'from-libvirt']);
    const shadow = await ctl.exec('grep ^tester: /etc/shadow', 60_000);
    const hash = shadow.output.split(':')[1]!;
    expect(hash).toMatch(/^\$6\$/);
    const check = await ctl.exec(`mkpasswd -m sha512 -S '${hash.split('$')[2]}' from-libvirt`, 60_000);
    expect(check.output.trim()).toBe(hash);
  }, T);

  it('virsh shutdown --mode agent powers the domain off', async () => {
    await virsh(['shutdown', DOMAIN, '--mode', 'agent']);
    await until(async () => (await virsh(['domstate', DOMAIN])).trim() === 'shut off', 120_000, `domain ${DOMAIN} to be shut off`);
  }, T);
});
