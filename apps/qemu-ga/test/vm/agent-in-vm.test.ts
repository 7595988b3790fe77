/**
 * Our qemu-ga in a real QEMU/TCG guest, on the real virtio-serial port,
 * driven from the host by @ga/qga-client: information with real content,
 * then every action for real (freeze, trim, vCPU offline, clock, password,
 * reconnect, suspend/wakeup). One boot; the tests run in order and share it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QgaClient, type QgaReply } from '@ga/qga-client/client';
import { startInGuest } from '@ga/vm/guest-process';
import { guestPortPath } from '@ga/vm/ports';
import { bootAgentVm, BOOT_T, QGA_PORT, T, until, type AgentVm } from './vm-agent.js';

/** The watchdog thaws a freeze nobody thawed after this long (our --fsfreeze-timeout). */
const FREEZE_TIMEOUT_S = 30;
/** Port for Debian's qemu-ga 7.2 (in the same image) when comparing errors. */
const REF_PORT = 'ovirt-guest-agent.0';

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => v as Obj[];

describe('qemu-ga in a QEMU/TCG VM over virtio-serial (one boot)', () => {
  let a: AgentVm;
  const sh = async (script: string, timeoutMs?: number): Promise<string> => {
    const r = await a.vm.exec(script, timeoutMs);
    if (r.code !== 0) throw new Error(`guest script failed (${r.code}): ${script}\n${r.output}`);
    return r.output;
  };
  const guestEpoch = async (): Promise<number> => Number((await sh('date +%s')).trim());
  /** Run Debian's qemu-ga 7.2 (shipped in the image) on another virtio port, for comparisons. */
  const withReference = async (fn: (ref: QgaClient) => Promise<void>): Promise<void> => {
    await sh('mkdir -p /run/qga-ref');
    const proc = await startInGuest(a.vm, 'qemu-ga-ref', `/usr/sbin/qemu-ga -m virtio-serial -p ${guestPortPath(REF_PORT)} -t /run/qga-ref`);
    const ref = await QgaClient.connect(await a.vm.connect(REF_PORT), { syncTimeoutMs: 60_000 });
    try {
      await fn(ref);
    } finally {
      ref.socket.destroy();
      await sh(`kill ${proc.pid}; while [ -d /proc/${proc.pid} ]; do sleep 0.1; done`);
    }
  };

  beforeAll(async () => {
    a = await bootAgentVm(['--fsfreeze-timeout', String(FREEZE_TIMEOUT_S)], {
      // S3 is off on q35 unless the ICH9 LPC offers it; "deep" so that "mem"
      // is ACPI S3 (QEMU's "suspended" state) and not suspend-to-idle;
      // nohibernate hides "disk" from /sys/power/state (no swap to hibernate to).
      qemuArgs: ['-global', 'ICH9-LPC.disable_s3=0'],
      append: 'mem_sleep_default=deep nohibernate',
    });
  }, BOOT_T);
  afterAll(async () => {
    await a?.client.close().catch(() => undefined);
    await a?.vm.kill();
  }, T);

  it('answers every information command with the VM\'s real content', async () => {
    const info = (await a.call('guest-info')) as { version: string; supported_commands: Obj[] };
    const enabled = info.supported_commands.filter((c) => c.enabled).map((c) => c.name as string);
    expect(enabled.length).toBeGreaterThan(40);
    expect(await a.call('guest-ping')).toEqual({});
    expect(await a.call('guest-get-host-name')).toEqual({ 'host-name': 'ga-guest' });

    const os = (await a.call('guest-get-osinfo')) as Obj;
    expect(os).toMatchObject({ id: 'ga-test', name: 'ga-test', 'pretty-name': 'guest-agents test VM', 'version-id': '1', machine: 'x86_64' });
    expect(os['kernel-release']).toBe((await sh('uname -r')).trim());

    expect(await a.call('guest-get-timezone')).toMatchObject({ offset: 0n });

    const ifs = arr(await a.call('guest-network-get-interfaces'));
    const byName = new Map(ifs.map((i) => [i.name as string, i]));
    expect(arr(byName.get('lo')?.['ip-addresses'])).toContainEqual({ 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1', prefix: 8n });
    const dummy = byName.get('dummy0');
    expect(dummy?.['hardware-address']).toBe('52:54:00:12:34:56');
    expect(arr(dummy?.['ip-addresses'])).toEqual(
      expect.arrayContaining([
        { 'ip-address-type': 'ipv4', 'ip-address': '192.0.2.10', prefix: 24n },
        { 'ip-address-type': 'ipv6', 'ip-address': '2001:db8::10', prefix: 64n },
      ]),
    );
    expect(dummy?.statistics).toMatchObject({ 'rx-bytes': expect.any(BigInt) });

    const fs = arr(await a.call('guest-get-fsinfo'));
    const data = fs.find((f) => f.mountpoint === '/mnt/data');
    expect(data).toMatchObject({ name: 'vda', type: 'ext4', 'total-bytes': expect.any(BigInt), 'used-bytes': expect.any(BigInt) });
    expect(Number(data!['total-bytes'])).toBeGreaterThan(40 * 2 ** 20);
    expect(arr(data!.disk)[0]).toMatchObject({ 'bus-type': 'virtio', dev: '/dev/vda', 'pci-controller': expect.objectContaining({ domain: 0n }) });

    const disks = arr(await a.call('guest-get-disks'));
    expect(disks).toContainEqual(expect.objectContaining({ name: '/dev/vda', partition: false }));
    const stats = arr(await a.call('guest-get-diskstats'));
    expect(stats.find((s) => s.name === 'vda')).toMatchObject({ stats: expect.objectContaining({ 'read-ios': expect.any(BigInt) }) });

    const users = arr(await a.call('guest-get-users'));
    // login-time is a double; qemu-ga's %.17g prints a whole one without a point.
    expect(users).toEqual([{ user: 'tester', 'login-time': expect.anything() }]);
    expect(Number(users[0]!['login-time'])).toBeGreaterThan(1e9);

    // In /sys/devices/system/cpu readdir order, as qemu-ga 7.2 lists them.
    const vcpus = arr(await a.call('guest-get-vcpus'));
    expect(vcpus.map((v) => [v['logical-id'], v.online]).sort()).toEqual([[0n, true], [1n, true]]);
    expect(arr(await a.call('guest-get-cpustats'))).toHaveLength(2);
    expect(arr(await a.call('guest-get-memory-blocks')).length).toBeGreaterThan(0);
    expect(Number((await a.call('guest-get-memory-block-info') as Obj).size)).toBeGreaterThan(0);

    const t = Number((await a.call('guest-get-time')) as bigint) / 1e9;
    expect(Math.abs(t - (await guestEpoch()))).toBeLessThan(60);

    // Every other argument-less guest-get-* answers too; only the Windows-only
    // guest-get-devices is "not supported" on Linux (as qemu-ga).
    const failed: string[] = [];
    for (const name of enabled.filter((n) => n.startsWith('guest-get-'))) {
      if (name === 'guest-get-devices') continue;
      const r = await a.reply(name);
      if (r.error && !/missing|parameter/i.test(r.error.desc)) failed.push(`${name}: ${r.error.desc}`);
    }
    expect(failed).toEqual([]);
  }, T);

  it('gives the same answers as Debian\'s qemu-ga 7.2 run in the same guest (virtio disk, PCI address, MAC, utmp)', async () => {
    // Counters move between the two calls: compare their names, not values.
    const counters: Record<string, (v: unknown) => unknown> = {
      'guest-network-get-interfaces': (v) => arr(v).map((i) => ({ ...i, statistics: Object.keys((i.statistics ?? {}) as Obj).sort() })),
      'guest-get-diskstats': (v) => arr(v).map((d) => ({ ...d, stats: Object.keys(d.stats as Obj).sort() })),
      'guest-get-cpustats': (v) => arr(v).map((c) => Object.keys(c).sort()),
    };
    const commands = ['guest-get-host-name', 'guest-get-osinfo', 'guest-get-timezone', 'guest-get-users', 'guest-get-vcpus', 'guest-get-fsinfo', 'guest-get-disks', 'guest-get-memory-block-info', 'guest-get-memory-blocks', 'guest-fsfreeze-status', ...Object.keys(counters)];
    await withReference(async (ref) => {
      for (const cmd of commands) {
        const norm = counters[cmd] ?? ((v: unknown) => v);
        const ours = await a.call(cmd);
        const theirs = (await ref.execute(cmd, undefined, { timeoutMs: 60_000 })).return;
        expect({ cmd, reply: norm(ours) }).toEqual({ cmd, reply: norm(theirs) });
      }
    });
  }, T);

  it('fsfreeze freezes the ext4 mount (a write blocks until thaw) and the watchdog thaws it', async () => {
    expect(await a.call('guest-fsfreeze-status')).toBe('thawed');
    expect(await a.call('guest-fsfreeze-freeze-list', { mountpoints: ['/mnt/data'] }, 120_000)).toBe(1n);
    expect(await a.call('guest-fsfreeze-status')).toBe('frozen');
    // While frozen, qemu-ga refuses what could write to the guest's disks.
    expect((await a.reply('guest-file-open', { path: '/mnt/data/x', mode: 'w' })).error?.class).toBe('CommandNotFound');

    await sh('(echo first > /mnt/data/during-freeze && echo done > /run/write1.done) > /dev/null 2>&1 &');
    // The writer is parked in the kernel on the frozen superblock.
    await sh('sleep 2');
    expect((await sh('cat /run/write1.done 2>/dev/null; true')).trim()).toBe('');
    expect(await a.call('guest-fsfreeze-thaw', undefined, 120_000)).toBe(1n);
    await until(async () => (await sh('cat /run/write1.done 2>/dev/null; true')).trim() === 'done', 60_000, 'the write after thaw');
    expect((await sh('cat /mnt/data/during-freeze')).trim()).toBe('first');

    // Freeze everything and never thaw: --fsfreeze-timeout does.
    expect(Number(await a.call('guest-fsfreeze-freeze', undefined, 120_000))).toBeGreaterThanOrEqual(1);
    await sh('(echo second > /mnt/data/during-freeze && echo done > /run/write2.done) > /dev/null 2>&1 &');
    expect(await a.call('guest-fsfreeze-status')).toBe('frozen');
    await until(async () => (await a.call('guest-fsfreeze-status')) === 'thawed', (FREEZE_TIMEOUT_S + 120) * 1000, 'the fsfreeze watchdog');
    await until(async () => (await sh('cat /run/write2.done 2>/dev/null; true')).trim() === 'done', 60_000, 'the write after the watchdog thaw');
    expect((await sh('cat /mnt/data/during-freeze')).trim()).toBe('second');
  }, T);

  it('fstrim trims the ext4 disk down to the host image', async () => {
    const disk = join(a.vm.dir, 'disk.img');
    await sh('dd if=/dev/urandom of=/mnt/data/big bs=1M count=16 2>/dev/null && sync');
    const before = statSync(disk).blocks;
    await sh('rm /mnt/data/big && sync');
    const r = (await a.call('guest-fstrim', { minimum: 0n }, 120_000)) as { paths: Obj[] };
    const entry = r.paths.find((p) => p.path === '/mnt/data');
    expect(entry).toMatchObject({ path: '/mnt/data', trimmed: expect.any(BigInt) });
    expect(entry?.error).toBeUndefined();
    expect(Number(entry!.trimmed)).toBeGreaterThanOrEqual(16 * 2 ** 20);
    // discard=unmap: QEMU punched the freed blocks out of the raw file.
    const after = statSync(disk).blocks;
    expect(before - after).toBeGreaterThanOrEqual((16 * 2 ** 20) / 512);
  }, T);

  it('takes a vCPU offline and back', async () => {
    const cpu1 = arr(await a.call('guest-get-vcpus')).find((v) => v['logical-id'] === 1n);
    expect(cpu1).toMatchObject({ online: true, 'can-offline': true });
    expect(await a.call('guest-set-vcpus', { vcpus: [{ 'logical-id': 1n, online: false }] }, 120_000)).toBe(1n);
    expect((await sh('cat /sys/devices/system/cpu/cpu1/online')).trim()).toBe('0');
    expect(arr(await a.call('guest-get-vcpus')).find((v) => v['logical-id'] === 1n)?.online).toBe(false);
    expect(await a.call('guest-set-vcpus', { vcpus: [{ 'logical-id': 1n, online: true }] }, 120_000)).toBe(1n);
    expect((await sh('cat /sys/devices/system/cpu/cpu1/online')).trim()).toBe('1');
  }, T);

  it('set-time moves the guest clock (and the RTC, which set-time without a time reads back)', async () => {
    const target = 1_893_456_000; // 2030-01-01T00:00:00Z
    expect(await a.call('guest-set-time', { time: BigInt(target) * 1_000_000_000n }, 120_000)).toEqual({});
    expect(Math.abs((await guestEpoch()) - target)).toBeLessThan(60);
    // No time: qemu-ga sets the system clock from the RTC (hwclock -s), which -w set.
    expect(await a.call('guest-set-time', undefined, 120_000)).toEqual({});
    expect(Math.abs((await guestEpoch()) - target)).toBeLessThan(120);
    // Back to the host's time for the rest of the run.
    expect(await a.call('guest-set-time', { time: BigInt(Date.now()) * 1_000_000n }, 120_000)).toEqual({});
    expect(Math.abs((await guestEpoch()) - Date.now() / 1000)).toBeLessThan(60);
  }, T);

  it('set-user-password changes /etc/shadow (plain and crypted)', async () => {
    const field = async (): Promise<string> => (await sh('grep ^tester: /etc/shadow')).split(':')[1]!;
    expect(await field()).toBe('!');
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    expect(await a.call('guest-set-user-password', { username: 'tester', password: b64('s3cret pass'), crypted: false }, 120_000)).toEqual({});
    const hash = await field();
    expect(hash).toMatch(/^\$6\$[^$]+\$[./0-9A-Za-z]{86}$/);
    const salt = hash.split('$')[2]!;
    expect((await sh(`mkpasswd -m sha512 -S '${salt}' 's3cret pass'`)).trim()).toBe(hash);

    const crypted = '$6$abcdefgh$' + 'x'.repeat(86);
    expect(await a.call('guest-set-user-password', { username: 'tester', password: b64(crypted), crypted: true }, 120_000)).toEqual({});
    expect(await field()).toBe(crypted);
    const bad = await a.reply('guest-set-user-password', { username: 'nosuchuser', password: b64('x'), crypted: false }, 120_000);
    expect(bad.error?.class).toBe('GenericError');
  }, T);

  it('survives a host disconnect with a half-sent request; a new client resyncs with guest-sync-delimited', async () => {
    await a.client.executeRaw('{"execute":"guest-ping", "argu', { lines: 0 });
    a.client.socket.destroy();
    const client = await QgaClient.connect(await a.vm.connect(QGA_PORT), { syncTimeoutMs: 60_000 });
    a.client = client;
    expect((await client.execute('guest-ping', undefined, { timeoutMs: 60_000 })).return).toEqual({});
    // A libvirt-style client (plain guest-sync, no 0xFF) after another reconnect.
    client.socket.destroy();
    const lv = await QgaClient.connect(await a.vm.connect(QGA_PORT), { sync: 'libvirt', syncTimeoutMs: 60_000 });
    expect((await lv.execute('guest-get-host-name', undefined, { timeoutMs: 60_000 })).return).toEqual({ 'host-name': 'ga-guest' });
    lv.socket.destroy();
    a.client = await QgaClient.connect(await a.vm.connect(QGA_PORT), { syncTimeoutMs: 60_000 });
  }, T);

  it('gives qemu-ga 7.2\'s errors for the suspend modes the guest lacks (compared with Debian\'s qemu-ga in the same VM)', async () => {
    expect((await sh('cat /sys/power/state')).split(/\s+/)).not.toContain('disk');
    await withReference(async (ref) => {
      for (const cmd of ['guest-suspend-disk', 'guest-suspend-hybrid']) {
        const opts = { timeoutMs: 60_000, expectReply: true };
        const ours: QgaReply = await a.client.execute(cmd, undefined, opts);
        const theirs: QgaReply = await ref.execute(cmd, undefined, opts);
        expect(ours.error).toBeDefined();
        expect(ours).toEqual(theirs);
      }
    });
  }, T);

  it('suspend-ram suspends the VM (S3); QMP system_wakeup wakes it and the agent answers again', async () => {
    expect((await sh('cat /sys/power/state')).split(/\s+/)).toContain('mem');
    expect(await a.vm.qmp('query-status')).toMatchObject({ status: 'running' });
    // No reply on success (success-response false): the guest is asleep.
    const r = await a.client.execute('guest-suspend-ram', undefined, { timeoutMs: 10_000 });
    expect(r.error).toBeUndefined();
    await until(async () => ((await a.vm.qmp('query-status')) as Obj).status === 'suspended', 120_000, 'QMP status "suspended"');
    await a.vm.qmp('system_wakeup');
    await until(async () => ((await a.vm.qmp('query-status')) as Obj).status === 'running', 120_000, 'QMP status "running" after system_wakeup');
    // The guest closes its virtio ports across S3 (VSERPORT_CHANGE); the host
    // connection stays, and a resync gets the reopened agent's attention.
    expect(a.client.socket.destroyed).toBe(false);
    await a.client.sync({ timeoutMs: 60_000, attempts: 3 });
    expect((await a.client.execute('guest-ping', undefined, { timeoutMs: 60_000 })).return).toEqual({});
    expect(await a.call('guest-get-host-name')).toEqual({ 'host-name': 'ga-guest' });
  }, T);
});
