/**
 * isa-serial (/dev/ttyS*): serialport 13, 38400 8N1 raw (qemu-ga.md §3.4),
 * no flow control, no output processing, so "\n" is never sent as "\r\n"
 * (bindings-cpp clears c_oflag and c_lflag), locked against a second opener.
 *
 * A UART has no connection state (e2e-feasibility.md §4): the agent cannot
 * tell whether a host listens, bytes written while nobody listens are lost
 * in the host's chardev, and a few bytes sent while the port was closed can
 * be lost too. write() resolving means the bytes left through the driver,
 * not that anybody read them. The protocols' in-band sync (guest-sync, 0xFF)
 * recovers; never `connect`/`hangup` here.
 *
 * serialport is imported inside open(), so importing this file loads no
 * native module.
 */
import type { SerialPort } from 'serialport';
import type { Channel, ChannelSpec } from './channel.js';
import { ChannelEmitter, channelError, errnoCode } from './channel-base.js';

type IsaSerialSpec = Extract<ChannelSpec, { method: 'isa-serial' }>;

/** qemu-ga's isa-serial speed. */
export const DEFAULT_BAUD_RATE = 38400;

export class IsaSerialChannel extends ChannelEmitter implements Channel {
  readonly sessionAware = false;
  private port: SerialPort | undefined;
  private closed = false;
  private readonly pending = new Set<(err: Error) => void>();

  constructor(readonly spec: IsaSerialSpec) {
    super();
  }

  async open(): Promise<void> {
    if (this.closed) throw new Error('channel is closed: create a new one');
    if (this.port) return;
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({
      path: this.spec.path,
      baudRate: this.spec.baudRate ?? DEFAULT_BAUD_RATE,
      dataBits: 8,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      hupcl: false,
      lock: true,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => {
        if (!err) return resolve();
        const code = errnoCode(err) ?? (/Cannot lock port/i.test(err.message) ? 'EBUSY' : undefined);
        const hint =
          code === 'EBUSY'
            ? ' (another guest agent?): stop it first'
            : code === 'ENOENT' || /No such file/.test(err.message)
              ? ': the VM has no such serial port; check -serial/-chardev or choose another path'
              : '';
        reject(channelError(`cannot open ${this.spec.path}: ${err.message}${hint}`, code, err));
      }),
    );
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    port.on('error', (err) => this.emit('warning', `${this.spec.path}: ${err.message}`));
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      this.failPending(new Error(`${this.spec.path} closed before the data was sent`));
      if (!this.closed) {
        this.closed = true;
        this.emit('error', channelError(`${this.spec.path} closed unexpectedly${err ? `: ${err.message}` : ''}`));
      }
    });
    this.port = port;
  }

  write(data: Buffer): Promise<void> {
    if (this.closed || !this.port) return Promise.reject(new Error('channel is not open'));
    const port = this.port;
    return new Promise((resolve, reject) => {
      this.pending.add(reject);
      port.write(data, (err) => {
        if (err) {
          this.pending.delete(reject);
          return reject(channelError(`write to ${this.spec.path} failed: ${err.message}`, errnoCode(err), err));
        }
        // drain: the bytes were handed to the kernel, not merely buffered in the stream.
        port.drain((e) => {
          if (!this.pending.delete(reject)) return;
          if (e) reject(channelError(`write to ${this.spec.path} failed: ${e.message}`, errnoCode(e), e));
          else resolve();
        });
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed && !this.port?.isOpen) return;
    this.closed = true;
    this.failPending(new Error('channel closed before the data was sent'));
    const port = this.port;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private failPending(err: Error): void {
    for (const reject of this.pending) reject(err);
    this.pending.clear();
  }
}
