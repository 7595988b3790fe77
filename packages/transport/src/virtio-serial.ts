/**
 * virtio-serial port (/dev/virtio-ports/<name>): a character device, not a tty.
 *
 * Reading method: ONE BLOCKING fd, `fs.read` on libuv's threadpool, with a
 * backoff when read() returns 0. Why (measured in e2e-feasibility.md §3 and
 * Linux drivers/char/virtio_console.c port_fops_read/port_fops_poll):
 * - While no host process is attached to the chardev, read() returns 0 at
 *   once (blocking or not) and poll() reports POLLIN|POLLHUP, so any
 *   readiness poller (uv_poll, bindings-cpp's Poller) fires continuously; it
 *   would have to be stopped and re-armed on a timer anyway.
 * - With a host attached and idle, a blocking read sleeps in the kernel at
 *   0 % CPU and returns as soon as data comes: no poller is needed.
 * - net.Socket/tty.ReadStream reject the fd (libuv sees a FILE), serialport
 *   fails on termios, and process.binding('pipe_wrap') is deprecated and
 *   spins on writes while the host is away.
 * So: on 0 bytes the host is absent, and the loop sleeps until the kernel
 * says the host is back: the port is armed with O_ASYNC, and virtio_console
 * signals the owner when the host opens the chardev (./host-signal). O_ASYNC leaves
 * the fd blocking, so nothing changes while the host is there. The sleep is
 * capped at 2 s in case a signal is ever missed. Where the port cannot be
 * armed (no koffi), it polls: 100 ms doubling to 400 ms (~3 read() calls/s),
 * so the first reply after the host connects still comes within 0.5 s.
 *
 * Writes: one at a time, blocking, on the threadpool. A write while the host
 * is absent stays pending (virtio holds it for the next host) and occupies
 * one pool thread without blocking reads or the rest of the agent; apps call
 * ensureThreadpool() (./threadpool) so that this leaves room for other work.
 * close() rejects such a write (the kernel may still deliver it later).
 *
 * The port is opened at start and kept open: an open port is how libvirt and
 * SPICE see an agent. EOF/HUP never closes it; only ENODEV (hot-unplug) or
 * another read error reopens it. EBUSY at open means another agent holds it.
 * A quick host reconnect is invisible to the guest (no HUP is ever seen), so
 * protocols must resync in-band (guest-sync + 0xFF, spice/ovirt equivalents).
 */
import { close as fsClose, constants, open as fsOpen, read as fsRead } from 'node:fs';
import type { Channel, ChannelSpec } from './channel.js';
import { ChannelEmitter, channelError, errnoCode, sleep } from './channel-base.js';
import { defaultWrite, FdWriter, type WriteFn } from './fd-writer.js';
import { armHostSignal, hostSignalCount, sleepUntilHostSignal } from './host-signal.js';

type VirtioSpec = Extract<ChannelSpec, { method: 'virtio-serial' }>;

/** Read into `buf`; resolves with the byte count (0 = EOF). */
export type ReadFn = (fd: number, buf: Buffer) => Promise<number>;

export interface VirtioSerialOptions {
  /** Open the device; resolves with a blocking fd. Default: open(O_RDWR|O_NOCTTY|O_CLOEXEC). */
  openDevice?: (path: string) => Promise<number>;
  read?: ReadFn;
  write?: WriteFn;
  closeFd?: (fd: number) => Promise<void>;
  /** First sleep after read() returned 0. */
  idleInitialMs?: number;
  /** Longest sleep between reads while the host is absent (keep < 500 ms). */
  idleMaxMs?: number;
  /** Delay between reopen attempts after ENODEV or a read error. */
  reopenDelayMs?: number;
  /** Wake-ups from the kernel when the host comes (./host-signal); tests inject their own. */
  hostSignal?: HostSignal;
  /** Longest sleep while the host is absent when the port is armed. */
  idleSignalMs?: number;
}

export interface HostSignal {
  /** Arm `fd`; false when it cannot be (then the loop polls). */
  arm(fd: number): boolean;
  count(): number;
  sleep(seen: number, ms: number): { done: Promise<void>; cancel: () => void };
}

const realHostSignal: HostSignal = { arm: armHostSignal, count: hostSignalCount, sleep: sleepUntilHostSignal };

const defaultOpen = (path: string): Promise<number> =>
  new Promise((resolve, reject) => {
    fsOpen(path, constants.O_RDWR | constants.O_NOCTTY, (err, fd) => (err ? reject(err) : resolve(fd)));
  });
const defaultRead: ReadFn = (fd, buf) =>
  new Promise((resolve, reject) => {
    fsRead(fd, buf, 0, buf.length, null, (err, n) => (err ? reject(err) : resolve(n)));
  });
const defaultClose = (fd: number): Promise<void> =>
  new Promise((resolve) => {
    fsClose(fd, () => resolve());
  });

/** Turn an open() failure into a message that says what to do next. */
export function virtioOpenError(path: string, err: unknown): Error {
  const code = errnoCode(err);
  switch (code) {
    case 'EBUSY':
      return channelError(`${path} is in use by another process (another guest agent?): stop it first`, code, err);
    case 'ENOENT':
      return channelError(
        `${path} does not exist: add a virtserialport with this name to the VM, or choose another method/path`,
        code,
        err,
      );
    case 'EACCES':
    case 'EPERM':
      return channelError(`cannot open ${path}: permission denied; run the agent as root`, code, err);
    default:
      return channelError(`cannot open ${path}: ${(err as Error).message}`, code, err);
  }
}

export class VirtioSerialChannel extends ChannelEmitter implements Channel {
  readonly sessionAware = false;
  private fd: number | undefined;
  private writer: FdWriter | undefined;
  private closed = false;
  private host: 'unknown' | 'present' | 'absent' = 'unknown';
  private wake: (() => void) | undefined;
  /** The port signals us when the host comes (see host-signal). */
  private signalled = false;
  private loop: Promise<void> | undefined;
  private readonly o: Required<VirtioSerialOptions>;

  constructor(
    readonly spec: VirtioSpec,
    opts: VirtioSerialOptions = {},
  ) {
    super();
    this.o = {
      openDevice: opts.openDevice ?? defaultOpen,
      read: opts.read ?? defaultRead,
      write: opts.write ?? defaultWrite,
      closeFd: opts.closeFd ?? defaultClose,
      idleInitialMs: opts.idleInitialMs ?? 100,
      idleMaxMs: opts.idleMaxMs ?? 400,
      reopenDelayMs: opts.reopenDelayMs ?? 1000,
      hostSignal: opts.hostSignal ?? realHostSignal,
      idleSignalMs: opts.idleSignalMs ?? 2000,
    };
  }

  async open(): Promise<void> {
    if (this.closed) throw new Error('channel is closed: create a new one');
    if (this.fd !== undefined) return;
    try {
      this.attach(await this.o.openDevice(this.spec.path));
    } catch (err) {
      throw virtioOpenError(this.spec.path, err);
    }
    this.loop = this.readLoop();
  }

  write(data: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('channel is closed'));
    if (!this.writer) return Promise.reject(new Error(`${this.spec.path} is not open (being reopened)`));
    return this.writer.push(data);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.writer?.failAll(new Error('channel closed before the data reached the host'));
    this.wake?.();
    const fd = this.fd;
    this.fd = undefined;
    // A read in progress holds the file until it returns (the kernel keeps
    // its own reference), so closing the number now cannot redirect it. A
    // char device has no shutdown(): a read blocked on an idle host stays in
    // its pool thread until data comes or the host leaves, and keeps the
    // event loop alive; agents exit with process.exit() after close().
    if (fd !== undefined) await this.o.closeFd(fd);
  }

  /** Resolves when the read loop has returned (after close(), once any blocked read completed). */
  async stopped(): Promise<void> {
    await this.loop;
  }

  private attach(fd: number): void {
    this.fd = fd;
    this.signalled = this.o.hostSignal.arm(fd);
    this.writer = new FdWriter(fd, { write: this.o.write });
  }

  private async pause(ms: number): Promise<void> {
    const s = sleep(ms);
    this.wake = s.cancel;
    await s.done;
    this.wake = undefined;
  }

  private async readLoop(): Promise<void> {
    const buf = Buffer.allocUnsafe(64 * 1024);
    let idle = this.o.idleInitialMs;
    while (!this.closed) {
      const fd = this.fd;
      if (fd === undefined) return;
      const seen = this.o.hostSignal.count();
      let n: number;
      try {
        n = await this.o.read(fd, buf);
      } catch (err) {
        if (this.closed) return;
        await this.reopen(err);
        continue;
      }
      if (this.closed) return;
      if (n > 0) {
        idle = this.o.idleInitialMs;
        if (this.host !== 'present') {
          this.host = 'present';
          this.emit('connect');
        }
        this.emit('data', Buffer.from(buf.subarray(0, n)));
        continue;
      }
      // read() == 0: no host process on the chardev (virtio_console.c).
      if (this.host !== 'absent') {
        this.host = 'absent';
        this.emit('hangup');
      }
      if (this.signalled) {
        const s = this.o.hostSignal.sleep(seen, this.o.idleSignalMs);
        this.wake = s.cancel;
        await s.done;
        this.wake = undefined;
        continue;
      }
      await this.pause(idle);
      idle = Math.min(idle * 2, this.o.idleMaxMs);
    }
  }

  /** ENODEV (unplugged) or another read error: fail pending writes, reopen until it works or close(). */
  private async reopen(err: unknown): Promise<void> {
    const code = errnoCode(err) ?? 'EIO';
    const old = this.fd;
    this.fd = undefined;
    this.writer?.failAll(channelError(`${this.spec.path}: read failed (${code}); data not sent`, code, err));
    this.writer = undefined;
    if (this.host !== 'absent') {
      this.host = 'absent';
      this.emit('hangup');
    }
    if (old !== undefined) await this.o.closeFd(old);
    this.emit('warning', `${this.spec.path}: read failed (${code}), reopening the port`);
    while (!this.closed) {
      await this.pause(this.o.reopenDelayMs);
      if (this.closed) return;
      try {
        this.attach(await this.o.openDevice(this.spec.path));
        this.emit('warning', `${this.spec.path}: reopened`);
        return;
      } catch (e) {
        this.emit('warning', virtioOpenError(this.spec.path, e).message);
      }
    }
  }
}
