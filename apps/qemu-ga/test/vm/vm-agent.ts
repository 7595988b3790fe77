/**
 * Shared setup of the VM tests: the test image with this package's bundle,
 * a QEMU/TCG boot (tools/vm), our qemu-ga started in the guest on the real
 * virtio-serial port, and a host QgaClient on that port's chardev socket.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { QgaClient, type JsonObject, type QgaReply } from '@ga/qga-client/client';
import { bootVm, type BootVmOptions, type Vm } from '@ga/vm/driver';
import type { GuestProcess } from '@ga/vm/guest-process';
import { ensureImage, type VmImage } from '@ga/vm/image';
import { guestPortPath } from '@ga/vm/ports';
import { assertVmPrerequisites } from '@ga/vm/prereq';

/** Per-test timeout: TCG on a shared 2-core machine is slow. */
export const T = 300_000;
/** beforeAll: may first wait for another package's VM (one at a time) and build the image. */
export const BOOT_T = 20 * 60_000;

export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
/** Where tools/vm's image builder puts the bundle in the guest. */
export const GUEST_AGENT = '/opt/qemu-ga/qemu-ga.mjs';
export const QGA_PORT = 'org.qemu.guest_agent.0';

/** Fails (never skips) with what to do when the VM tests cannot run here. */
export function assertCanRunVmTests(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('the qemu-ga VM tests must run as root (sudo npm run test:vm): they freeze, trim and suspend a real guest');
  }
  assertVmPrerequisites();
  if (!existsSync(`${DIST}/qemu-ga.mjs`)) {
    throw new Error(`${DIST}/qemu-ga.mjs is missing: run "npm run build" in apps/qemu-ga first (turbo test:vm does it)`);
  }
}

/** The kernel + initramfs holding apps/qemu-ga/dist as /opt/qemu-ga/. */
export async function qemuGaImage(): Promise<VmImage> {
  assertCanRunVmTests();
  return ensureImage({ bundles: [DIST] });
}

/**
 * Epoch ms at which a local process started, from its start time in
 * /proc/<pid>/stat (clock ticks since boot, USER_HZ 100) against /proc/uptime.
 */
export function processStartEpochMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[19]);
  const uptimeS = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return Date.now() - (uptimeS - startTicks / 100) * 1000;
}

export interface AgentVm {
  vm: Vm;
  agent: GuestProcess;
  /** The host client; replace it after reconnecting (call/reply use the current one). */
  client: QgaClient;
  /** Host ms from QEMU's launch to the agent's first guest-sync-delimited reply. */
  bootToFirstReplyMs: number;
  /** Run a command; throws with the agent's error when it answers one. */
  call(command: string, args?: JsonObject, timeoutMs?: number): Promise<unknown>;
  /** Run a command and return the whole reply (for expected errors). */
  reply(command: string, args?: JsonObject, timeoutMs?: number): Promise<QgaReply>;
}

/**
 * Boot the VM with our qemu-ga started from boot by the guest's init (as a
 * service would start it: tools/vm's `run` hook) on the virtio-serial port
 * with `agentArgs`, and sync a client as soon as QEMU's socket is there.
 */
export async function bootAgentVm(agentArgs: string[] = [], vmOpts: Partial<BootVmOptions> = {}): Promise<AgentVm> {
  const image = await qemuGaImage();
  // -t must exist, as with qemu-ga; exec keeps the pid init printed.
  const run = `mkdir -p /run/qga; export UV_THREADPOOL_SIZE=8; exec node ${GUEST_AGENT} -m virtio-serial -p ${guestPortPath(QGA_PORT)} -t /run/qga ${agentArgs.join(' ')}`.trim();
  const vm = await bootVm({ image, run, ...vmOpts });
  try {
    const launchedAt = processStartEpochMs(vm.qemuPid);
    process.stdout.write(`[vm] booted in ${(vm.bootMs / 1000).toFixed(1)} s (QEMU pid ${vm.qemuPid})\n`);
    const pid = Number(/GA-INFO ga\.run started, pid (\d+)/.exec((await vm.waitForConsole(/GA-INFO ga\.run started/, 10_000)))?.[1]);
    const agent: GuestProcess = { pid, log: '/run/ga-run.log' };
    // QEMU keeps the sync bytes until the guest opens the port, so an agent
    // still starting answers as soon as it reads.
    const client = await QgaClient.connect(await vm.connect(QGA_PORT), { syncTimeoutMs: 120_000 }).catch(async (e: unknown) => {
      throw new Error(`no guest-sync-delimited reply from the agent in the guest: ${(e as Error).message}\nagent log:\n${(await vm.exec(`cat ${agent.log}`)).output}`);
    });
    const bootToFirstReplyMs = Date.now() - launchedAt;
    process.stdout.write(`[vm] boot -> first reply: ${bootToFirstReplyMs} ms (QEMU launch to the first guest-sync-delimited reply)\n`);
    const a: AgentVm = {
      vm,
      agent,
      client,
      bootToFirstReplyMs,
      // Through a.client: tests replace it when they reconnect.
      reply: (command, args, timeoutMs = 60_000) => a.client.execute(command, args, { timeoutMs, expectReply: true }),
      async call(command, args, timeoutMs) {
        const r = await a.reply(command, args, timeoutMs);
        if (r.error) throw new Error(`${command} failed: ${r.error.class}: ${r.error.desc}`);
        return r.return;
      },
    };
    return a;
  } catch (e) {
    await vm.kill();
    throw e;
  }
}

/** Wait until `check()` is true, polling; rejects with `what` (evaluated then) after `ms`. */
export async function until(check: () => Promise<boolean>, ms: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
