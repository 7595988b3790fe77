/**
 * A private libvirt for the VM tests: Debian's virtlogd + libvirtd started
 * by hand (no systemd in CI), each with a pid file in a temp folder and
 * stopped by that pid; a TCG domain booting the test image. Recipe and
 * observations: /work/shared/reference/e2e-feasibility.md §6.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { VmImage } from '@ga/vm/image';
import { processAlive } from '@ga/host-kit/agent-process';

const execFileP = promisify(execFile);

export const LIBVIRT_INSTALL = 'apt-get update && apt-get install -y --no-install-recommends libvirt-daemon-system libvirt-clients';
const URI = 'qemu:///system';
const LIBVIRT_SOCK = '/run/libvirt/libvirt-sock';

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Fails with the install command when libvirt is not on this machine. */
export function assertLibvirtInstalled(): void {
  const missing = ['virsh', 'libvirtd', 'virtlogd'].filter((c) => !hasCommand(c));
  if (missing.length > 0) {
    throw new Error(`the libvirt VM test needs ${missing.join(', ')}: run (as root) ${LIBVIRT_INSTALL}`);
  }
}

/** Run virsh against the system libvirtd; rejects with its stderr. */
export async function virsh(args: string[], timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout } = await execFileP('virsh', ['-c', URI, ...args], { timeout: timeoutMs, encoding: 'utf8' });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`virsh ${args.join(' ')} failed: ${(err.stderr ?? '').trim() || err.message}`);
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

export interface LibvirtDaemons {
  /** SIGTERM each daemon by its pid file (SIGKILL after 10 s). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Start virtlogd then libvirtd as daemons with pid files in `dir`. No
 * --listen: that needs TLS certificates. Refuses when a libvirtd already
 * serves the system socket (it is not ours to stop).
 */
export async function startLibvirtDaemons(dir: string): Promise<LibvirtDaemons> {
  if (existsSync(LIBVIRT_SOCK) && spawnSync('virsh', ['-c', URI, 'version'], { stdio: 'ignore', timeout: 10_000 }).status === 0) {
    throw new Error(`a libvirtd already serves ${LIBVIRT_SOCK}; stop it first (the test starts and stops its own)`);
  }
  const pidFiles = [join(dir, 'virtlogd.pid'), join(dir, 'libvirtd.pid')];
  const stop = async (): Promise<void> => {
    for (const file of [...pidFiles].reverse()) {
      const pid = readPid(file);
      if (pid === undefined || !processAlive(pid)) continue;
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while (processAlive(pid) && Date.now() < deadline) await sleep(100);
      if (processAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  };
  try {
    execFileSync('virtlogd', ['--daemon', '--pid-file', pidFiles[0]!], { stdio: 'ignore' });
    await waitFor(() => readPid(pidFiles[0]!) !== undefined, 30_000, 'virtlogd to write its pid file');
    execFileSync('libvirtd', ['--daemon', '--pid-file', pidFiles[1]!], { stdio: 'ignore' });
    await waitFor(() => readPid(pidFiles[1]!) !== undefined, 30_000, 'libvirtd to write its pid file');
    const deadline = Date.now() + 60_000;
    while (spawnSync('virsh', ['-c', URI, 'version'], { stdio: 'ignore', timeout: 10_000 }).status !== 0) {
      if (Date.now() > deadline) throw new Error('libvirtd did not answer `virsh version` within 60 s');
      await sleep(200);
    }
    return { stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export interface DomainFiles {
  kernel: string;
  initrd: string;
  disk: string;
  consoleLog: string;
}

/**
 * Copies the image into `dir` (world-readable, `dir` traversable: libvirt
 * runs QEMU as libvirt-qemu) and makes the ext4 data disk.
 */
export function prepareDomainFiles(dir: string, image: VmImage, diskMb = 64): DomainFiles {
  chmodSync(dir, 0o755);
  const files: DomainFiles = {
    kernel: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd'),
    disk: join(dir, 'disk.img'),
    consoleLog: join(dir, 'console.log'),
  };
  copyFileSync(image.kernel, files.kernel);
  copyFileSync(image.initrd, files.initrd);
  execFileSync('truncate', ['-s', `${diskMb}M`, files.disk]);
  execFileSync('mkfs.ext4', ['-q', '-F', '-L', 'gadata', files.disk], { stdio: 'ignore' });
  execFileSync('touch', [files.consoleLog]);
  for (const f of Object.values(files)) chmodSync(f, 0o666);
  chmodSync(files.kernel, 0o644);
  chmodSync(files.initrd, 0o644);
  return files;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;');

/**
 * A TCG (type 'qemu') q35 domain booting the test kernel + initramfs, with
 * the agent channel (libvirt picks the socket path and connects to it
 * itself) and the tools/vm control channel `controlPort` for running
 * scripts in the guest, also at a libvirt-chosen path. `cmdlineExtra`:
 * more kernel command line words (e.g. tools/vm's ga.run=<base64 script>).
 */
export function domainXml(name: string, f: DomainFiles, controlPort: string, agentPort: string, cmdlineExtra = ''): string {
  return `<domain type='qemu'>
  <name>${esc(name)}</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>${esc(f.kernel)}</kernel>
    <initrd>${esc(f.initrd)}</initrd>
    <cmdline>${esc(`console=ttyS0 quiet panic=-1 ${cmdlineExtra}`.trim())}</cmdline>
  </os>
  <features><acpi/></features>
  <cpu mode='maximum' migratable='off'/>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' discard='unmap'/>
      <source file='${esc(f.disk)}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='file'><source path='${esc(f.consoleLog)}'/><target port='0'/></serial>
    <channel type='unix'>
      <source mode='bind'/>
      <target type='virtio' name='${esc(agentPort)}'/>
    </channel>
    <channel type='unix'>
      <source mode='bind'/>
      <target type='virtio' name='${esc(controlPort)}'/>
    </channel>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
    <memballoon model='none'/>
  </devices>
</domain>
`;
}

/** Host socket path libvirt chose for a virtio channel, from the live XML. */
export async function channelSocketPath(domain: string, channelName: string): Promise<string> {
  const xml = await virsh(['dumpxml', domain]);
  for (const m of xml.matchAll(/<channel type='unix'>([\s\S]*?)<\/channel>/g)) {
    const body = m[1]!;
    if (!body.includes(`name='${channelName}'`)) continue;
    const path = /<source mode='bind' path='([^']+)'/.exec(body)?.[1];
    if (path) return path;
  }
  throw new Error(`domain ${domain} has no unix channel named ${channelName}:\n${xml}`);
}
