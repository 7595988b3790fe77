/**
 * A VDSM stand-in on an oVirt guest agent channel: connects as a client,
 * sends `{"apiVersion": 3, "__name__": "refresh"}` like `_connect`, feeds
 * every received chunk to the VdsmModel (VDSM's parsing and state), answers
 * heartbeats' version changes with `api-version`, and offers VDSM's
 * commands with its own argument shapes and version gates (`_forward`).
 */
import { randomUUID } from 'node:crypto';
import { pythonJsonDumps } from '@ga/framing/newline-json';
import type { PyJsonValue } from '@ga/framing/newline-json';
import { connectAgentSocket, type AgentSocket } from '@ga/host-kit/agent-socket';
import { MAX_API_VERSION, VdsmModel } from './vdsm-model.js';

/** VDSM's `_MESSAGE_API_VERSION_LOOKUP`. */
const MIN_VERSION: Record<string, number> = { 'set-number-of-cpus': 1, 'lifecycle-event': 3 };
/** vdsm.conf guest_agent_timeout / channel timeout. */
export const CHANNEL_TIMEOUT_MS = 30_000;
/** guest_lifecycle_event_reply_timeout. */
export const LIFECYCLE_REPLY_TIMEOUT_MS = 10_000;

export class UnsupportedMessage extends Error {}

export interface VdsmHostOptions {
  /** The stored API version VDSM starts with (VM metadata). Default 0. */
  apiVersion?: number;
}

export class VdsmHost {
  readonly model: VdsmModel;
  /** Lines VDSM sent, as bytes on the wire. */
  readonly sent: string[] = [];
  /** Chunks whose remainder was lost to an exception in VDSM's read callback. */
  lostChunks = 0;
  private socket!: AgentSocket;
  private closed = false;
  private ended: Error | undefined;
  private waiters = new Set<() => void>();
  private timeout: NodeJS.Timeout | undefined;

  private constructor(options: VdsmHostOptions) {
    this.model = new VdsmModel({ apiVersion: options.apiVersion, forward: (n, a) => void this.forward(n, a as Record<string, PyJsonValue>).catch(() => undefined) });
  }

  static async connect(path: string, options: VdsmHostOptions = {}): Promise<VdsmHost> {
    const host = new VdsmHost(options);
    host.socket = await connectAgentSocket(path, {
      onData: (chunk) => {
        // Node reads at most 64 KiB per read, like VDSM's recv(2 ** 16).
        if (!host.model.handleData(chunk)) host.lostChunks++;
        host.armTimeout();
        host.wake();
      },
      onEnd: (err) => {
        host.ended = err;
        host.wake();
      },
      closedMessage: 'the agent closed the channel',
    });
    host.model.clearReadBuffer();
    host.armTimeout();
    await host.forward('refresh', { apiVersion: MAX_API_VERSION });
    return host;
  }

  private armTimeout(): void {
    if (this.timeout) clearTimeout(this.timeout);
    if (this.closed) return;
    this.timeout = setTimeout(() => {
      this.model.channelTimeout();
      this.armTimeout();
    }, CHANNEL_TIMEOUT_MS);
    this.timeout.unref();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** `_forward`: the version gate, then json.dumps(args) with `__name__` appended last. */
  async forward(cmd: string, args: Record<string, PyJsonValue> = {}): Promise<void> {
    const need = MIN_VERSION[cmd] ?? 0;
    if (need > this.model.effectiveApiVersion) {
      throw new UnsupportedMessage(`Guest Agent command '${cmd}' requires version '${need}'. Current version is '${this.model.effectiveApiVersion}'`);
    }
    const line = `${pythonJsonDumps({ ...args, __name__: cmd })}\n`;
    this.sent.push(line);
    await this.socket.write(Buffer.from(line, 'utf8'));
  }

  /** Resolve once `test()` holds (checked after every chunk); reject on timeout or when the channel closes. */
  waitFor(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (test()) done();
        else if (this.ended) done(new Error(`${what}: ${this.ended.message}`));
      };
      const timer = setTimeout(() => done(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
      const done = (err?: Error): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (err) reject(err);
        else resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Up at API 3 with every field VDSM stores filled (ovirt-guest-agent.md V12). */
  fullyUp(): boolean {
    const gi = this.model.guestInfo;
    return (
      this.model.guestStatus === 'Up' &&
      this.model.effectiveApiVersion === 3 &&
      gi.guestName !== undefined &&
      gi.guestOs !== undefined &&
      gi.guestFQDN !== '' &&
      gi.guestOsInfo !== undefined &&
      gi.guestTimezone !== undefined &&
      gi.guestContainers !== undefined &&
      gi.username !== 'Unknown' &&
      gi.memoryStats.mem_free !== undefined &&
      this.model.messages.some((m) => m.name === 'disks-usage') &&
      this.model.messages.some((m) => m.name === 'applications') &&
      this.model.messages.some((m) => m.name === 'network-interfaces')
    );
  }

  desktopLock(): Promise<void> {
    return this.forward('lock-screen');
  }
  desktopLogoff(): Promise<void> {
    return this.forward('log-off');
  }
  desktopLogin(domain: string, user: string, password: string): Promise<void> {
    return this.forward('login', { username: domain !== '' ? `${user}@${domain}` : user, password });
  }
  /** `reboot` goes as str(bool): "True" / "False". */
  desktopShutdown(timeout: number, message: string, reboot: boolean): Promise<void> {
    return this.forward('shutdown', { timeout, message, reboot: reboot ? 'True' : 'False' });
  }
  sendHcCmdToDesktop(cmd: string): Promise<void> {
    return this.forward(cmd);
  }
  setNumberOfCPUs(count: number): Promise<void> {
    return this.forward('set-number-of-cpus', { count });
  }

  /**
   * GuestAgentEvents: before_* carry a reply_id and wait (when the agent can
   * reply: responsive and API >= 3) up to the timeout for `completion`;
   * after_* carry none. Below API 3 nothing is sent (the gate's exception
   * is swallowed by VDSM). Resolves whether the completion came and how long the wait took.
   */
  async lifecycleEvent(type: string, opts: { failure?: boolean; waitMs?: number } = {}): Promise<{ sent: boolean; replied: boolean; waitedMs: number }> {
    const wantsReply = type.startsWith('before_');
    const args: Record<string, PyJsonValue> = { type };
    const replyId = randomUUID();
    if (wantsReply) args.reply_id = replyId;
    if (opts.failure) args.failure = true;
    try {
      await this.forward('lifecycle-event', args);
    } catch (err) {
      if (err instanceof UnsupportedMessage) return { sent: false, replied: false, waitedMs: 0 };
      throw err;
    }
    const canReply = this.model.isResponsive() && this.model.effectiveApiVersion >= 3;
    if (!wantsReply || !canReply) return { sent: true, replied: false, waitedMs: 0 };
    const t0 = performance.now();
    const replied = await this.waitFor(() => this.model.completions.includes(replyId), opts.waitMs ?? LIFECYCLE_REPLY_TIMEOUT_MS, 'completion').then(
      () => true,
      () => false,
    );
    return { sent: true, replied, waitedMs: performance.now() - t0 };
  }

  /** Every byte received. */
  get raw(): Buffer[] {
    return this.socket.raw;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timeout) clearTimeout(this.timeout);
    await this.socket.close();
  }
}
