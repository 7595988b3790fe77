import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { ControlClient, type ExecResult } from './control-client.js';
import type { VmImage } from './image.js';
import { CONTROL_PORT, ISA_SERIAL_PORT, VIRTIO_PORTS, socketFileName, type PortName } from './ports.js';
import { assertVmPrerequisites } from './prereq.js';
import { QmpClient, type QmpEvent } from './qmp-client.js';
import { acquireVmLock } from './vm-lock.js';

export type { ExecResult } from './control-client.js';
export type { QmpEvent } from './qmp-client.js';

export interface BootVmOptions {
  image: VmImage;
  /** vCPUs (default 2, so vCPU tests see more than one). */
  smp?: number;
  memoryMb?: number;
  /** Size of the ext4 disk mounted at /mnt/data (default 64 MiB). */
  diskMb?: number;
  /** Give up booting after this long (default 120 s; typical boot is 7-12 s under TCG). */
  bootTimeoutMs?: number;
  /** Extra kernel command line words. */
  append?: string;
  /**
   * A shell script the guest starts in the background at boot, before the
   * control port is served (passed as ga.run=<base64>; output in
   * /run/ga-run.log). For an agent that must run from boot, like a service.
   */
  run?: string;
  /** Every console line; default: printed to stderr when GA_VM_VERBOSE is set. */
  onConsole?: (line: string) => void;
  /** Extra QEMU arguments, appended last (e.g. `-global ICH9-LPC.disable_s3=0` to offer S3 to the guest). */
  qemuArgs?: string[];
}

export interface Vm {
  /** QEMU's pid on the host. */
  readonly qemuPid: number;
  /** Folder holding the chardev sockets, the QMP socket and the disk image. */
  readonly dir: string;
  /** Console (guest ttyS0) lines so far, CR stripped. */
  readonly console: string[];
  /** Host ms from QEMU launch to the guest's "GA-MARK ready". */
  readonly bootMs: number;
  /** Host UNIX socket of a port (QEMU listens on it). */
  socketPath(port: PortName): string;
  /** Connect to a port's chardev socket, as the host side of that channel. */
  connect(port: PortName): Promise<Socket>;
  /** Run a shell script in the guest (root, busybox sh) and get its exit code and output. */
  exec(script: string, timeoutMs?: number): Promise<ExecResult>;
  /**
   * QMP events so far, e.g. VSERPORT_CHANGE {id: <port name>, open} when the
   * guest opens or closes a virtio port (what libvirt calls agent connected).
   */
  readonly qmpEvents: readonly QmpEvent[];
  /** Run a QMP command (e.g. 'query-status', 'system_powerdown'); resolves to its `return`. */
  qmp(command: string, args?: Record<string, unknown>): Promise<unknown>;
  /** Wait for a console line matching `re` (lines seen earlier count). */
  waitForConsole(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Stop QEMU (SIGTERM, then SIGKILL after 5 s, by pid), release the VM lock, delete `dir`. Idempotent. */
  kill(): Promise<void>;
}

async function connectWhenListening(path: string, deadline: number, gone?: () => string | undefined): Promise<Socket> {
  for (;;) {
    const why = gone?.();
    if (why) throw new Error(why);
    try {
      const socket = createConnection(path);
      await new Promise<void>((ok, fail) => {
        socket.once('connect', ok);
        socket.once('error', fail);
      });
      return socket;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`QEMU never listened on ${path}: ${(err as Error).message}`);
      await sleep(50);
    }
  }
}

/** x86 COMMAND_LINE_SIZE is 2048 bytes, the terminating NUL included. */
const MAX_CMDLINE = 2047;

function kernelCommandLine(opts: BootVmOptions): string {
  const words = ['console=ttyS0', 'quiet', 'panic=-1'];
  if (opts.append) words.push(opts.append);
  if (opts.run !== undefined) words.push(`ga.run=${Buffer.from(opts.run).toString('base64')}`);
  const line = words.join(' ');
  if (line.length > MAX_CMDLINE) {
    throw new Error(`kernel command line is ${line.length} bytes (max ${MAX_CMDLINE}): shorten 'run' or put the script in a bundle and run that`);
  }
  return line;
}

function qemuArgs(opts: BootVmOptions, dir: string, disk: string): string[] {
  const sock = (p: PortName | 'qmp'): string => join(dir, socketFileName(p));
  const args = [
    '-machine', 'q35', '-accel', 'tcg', '-cpu', 'max',
    '-m', String(opts.memoryMb ?? 1024), '-smp', String(opts.smp ?? 2),
    '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
    '-kernel', opts.image.kernel, '-initrd', opts.image.initrd,
    '-append', kernelCommandLine(opts),
    '-serial', 'stdio',
    '-chardev', `socket,id=isa1,path=${sock(ISA_SERIAL_PORT)},server=on,wait=off`,
    '-serial', 'chardev:isa1',
    '-qmp', `unix:${sock('qmp')},server=on,wait=off`,
    '-device', 'virtio-serial-pci,id=vser0',
    '-device', 'virtio-rng-pci',
    '-drive', `file=${disk},if=none,id=d0,format=raw,discard=unmap`,
    '-device', 'virtio-blk-pci,drive=d0',
  ];
  const ports: PortName[] = [...VIRTIO_PORTS, CONTROL_PORT];
  ports.forEach((name, i) => {
    args.push('-chardev', `socket,id=vp${i},path=${sock(name)},server=on,wait=off`);
    // id = name, so QMP's VSERPORT_CHANGE event names the port.
    args.push('-device', `virtserialport,bus=vser0.0,chardev=vp${i},name=${name},id=${name}`);
  });
  args.push(...(opts.qemuArgs ?? []));
  return args;
}

/**
 * Boot the test VM under QEMU/TCG and wait until its control loop answers.
 * Only one VM runs at a time on this machine (a lock file in os.tmpdir());
 * bootVm waits for it. Always `await vm.kill()` in a finally/afterAll.
 */
export async function bootVm(opts: BootVmOptions): Promise<Vm> {
  assertVmPrerequisites();
  for (const f of [opts.image.kernel, opts.image.initrd]) {
    if (!existsSync(f)) throw new Error(`${f} does not exist: build the image with ensureImage() from @ga/vm/image first`);
  }
  const release = await acquireVmLock({
    onWait: (pid, ms) => process.stderr.write(`[vm] waiting for the VM lock held by pid ${pid} (${Math.round(ms / 1000)} s)\n`),
  });
  const dir = mkdtempSync(join(tmpdir(), 'ga-vm-'));
  const disk = join(dir, 'disk.img');
  let child: ChildProcess | undefined;
  let control: Socket | undefined;
  let qmp: QmpClient | undefined;
  let killed: Promise<void> | undefined;
  const signal = (pid: number, sig: NodeJS.Signals): void => {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone (ESRCH) */
    }
  };
  // If the test process exits without kill() (a crash), QEMU must not outlive it.
  const onExit = (): void => {
    if (child?.pid && child.exitCode === null) signal(child.pid, 'SIGKILL');
  };
  const kill = (): Promise<void> =>
    (killed ??= (async () => {
      process.off('exit', onExit);
      qmp?.close();
      control?.destroy();
      const proc = child;
      if (proc?.pid !== undefined && proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((ok) => proc.once('exit', ok));
        signal(proc.pid, 'SIGTERM');
        const t = setTimeout(() => proc.exitCode === null && proc.pid && signal(proc.pid, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
      release();
    })());

  try {
    execFileSync('truncate', ['-s', `${opts.diskMb ?? 64}M`, disk]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-L', 'gadata', disk], { stdio: 'ignore' });
    const start = Date.now();
    const timeoutMs = opts.bootTimeoutMs ?? 120_000;
    const proc = spawn('qemu-system-x86_64', qemuArgs(opts, dir, disk), { stdio: ['pipe', 'pipe', 'pipe'] });
    child = proc;
    process.on('exit', onExit);
    let exited: string | undefined;
    proc.on('error', (err) => (exited ??= `QEMU could not start: ${err.message}`));
    const lines: string[] = [];
    const watchers = new Set<() => void>();
    const log = opts.onConsole ?? ((l: string) => process.env.GA_VM_VERBOSE && process.stderr.write(`[guest] ${l}\n`));
    for (const stream of [proc.stdout, proc.stderr]) {
      createInterface({ input: stream }).on('line', (raw) => {
        const line = raw.replace(/\r/g, '');
        lines.push(line);
        log(line);
        for (const w of watchers) w();
      });
    }
    const exitInfo = new Promise<string>((ok) =>
      proc.once('exit', (code, sig) => ok((exited = `QEMU exited (code ${code}, signal ${sig})`))),
    );
    const waitForConsole = (re: RegExp, ms = 60_000): Promise<string> =>
      new Promise((ok, fail) => {
        const check = (): boolean => {
          const hit = lines.find((l) => re.test(l));
          if (hit !== undefined) {
            cleanup();
            ok(hit);
          }
          return hit !== undefined;
        };
        const timer = setTimeout(() => {
          cleanup();
          fail(new Error(`no console line matching ${re} within ${ms} ms; console tail:\n${lines.slice(-25).join('\n')}`));
        }, ms);
        const cleanup = (): void => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        if (!check()) {
          watchers.add(check);
          void exitInfo.then((why) => {
            if (watchers.has(check) && !check()) {
              cleanup();
              fail(new Error(`${why} before ${re} appeared; console tail:\n${lines.slice(-25).join('\n')}`));
            }
          });
        }
      });

    const deadline = start + timeoutMs;
    // Connect before the guest opens the port: QEMU holds our bytes until then.
    control = await connectWhenListening(
      join(dir, socketFileName(CONTROL_PORT)),
      Math.min(deadline, Date.now() + 30_000),
      () => exited && `${exited} at start; its output:\n${lines.slice(-25).join('\n')}`,
    );
    control.on('error', () => {});
    const ctl = new ControlClient(control);
    qmp = await QmpClient.connect(join(dir, socketFileName('qmp')));
    await waitForConsole(/GA-MARK ready/, deadline - Date.now());
    const bootMs = Date.now() - start;
    const probe = await ctl.exec('echo ok', 30_000);
    if (probe.output.trim() !== 'ok') throw new Error(`guest control port answered ${JSON.stringify(probe.output)}`);
    const q = qmp;
    return {
      qemuPid: proc.pid!,
      dir,
      console: lines,
      bootMs,
      socketPath: (port) => join(dir, socketFileName(port)),
      connect: (port) => connectWhenListening(join(dir, socketFileName(port)), Date.now() + 5000),
      exec: (script, ms) => ctl.exec(script, ms),
      qmpEvents: q.events,
      qmp: (command, args) => q.execute(command, args),
      waitForConsole,
      kill,
    };
  } catch (err) {
    await kill();
    throw err;
  }
}
