// Host-side client for a QEMU guest agent, in the manner of QEMU's
// qemu-ga-client and libvirt's qemu_agent.c (facts: qemu-ga.md §1.6, §1.7, §5).
import { createConnection, type Socket } from 'node:net';
import { encodeJson, parseJson, type JsonObject, type JsonValue } from './json-lite.js';
import { RxQueue } from './rx-queue.js';
import { delimitedSync, libvirtSync, type SyncAttempt } from './sync.js';

// The value types of this module's signatures (users of the client need them).
export type { JsonObject, JsonValue } from './json-lite.js';

/** How the client brings the agent's byte stream into a known state. */
export type SyncMode =
  /** 0xFF + guest-sync-delimited with a random int63 id (the robust algorithm). */
  | 'delimited'
  /** Plain guest-sync with a millisecond timestamp id, no 0xFF, as libvirt does. */
  | 'libvirt'
  /** Never sync (for tests that want to see every byte). */
  | 'none';

/** A parsed agent reply. Integers are bigint. */
export interface QgaReply {
  return?: JsonValue;
  error?: { class: string; desc: string };
  id?: JsonValue;
}

export interface ConnectOptions {
  /** Default 'delimited'. Sync runs on connect and again after any timeout. */
  sync?: SyncMode;
  /** Per-attempt timeout of a sync, default 5000 ms. */
  syncTimeoutMs?: number;
}

export interface ExecuteOptions {
  /** Default 5000 ms (libvirt's QEMU_AGENT_WAIT_TIME). */
  timeoutMs?: number;
  /** Sent as the request's "id" member and echoed by the agent. */
  id?: JsonValue;
  /**
   * Whether the agent answers on success. Defaults to false for the commands
   * registered without a success response (guest-shutdown, guest-suspend-*),
   * whose timeout then counts as success, as qemu-ga-client treats it.
   */
  expectReply?: boolean;
}

export interface RawOptions {
  timeoutMs?: number;
  /** Resolve after this many complete reply lines (default 1; 0: just write). */
  lines?: number;
  /** Instead of counting lines: resolve once no byte arrived for this long. */
  quietMs?: number;
}

/** The operation did not complete in time. */
export class QgaTimeoutError extends Error {
  override name = 'QgaTimeoutError';
}

/** The agent sent something that is not a reply, or the connection closed. */
export class QgaProtocolError extends Error {
  override name = 'QgaProtocolError';
}

/** Commands that write nothing on success (guest-info: "success-response": false). */
const NO_SUCCESS_RESPONSE = new Set(['guest-shutdown', 'guest-suspend-disk', 'guest-suspend-ram', 'guest-suspend-hybrid']);

/** Parses one reply line; undefined when it is not JSON or not a reply object. */
export function parseReplyLine(line: Buffer): QgaReply | undefined {
  let v: JsonValue;
  try {
    v = parseJson(line);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  if (!('return' in v) && !('error' in v)) return undefined;
  return v as QgaReply;
}

/** One connection to an agent's host-side socket. Operations run one at a time. */
export class QgaClient {
  private readonly rx = new RxQueue();
  private wake: (() => void) | undefined;
  private closed = false;
  private inSync = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly socket: Socket,
    private readonly mode: SyncMode,
    private readonly syncTimeoutMs: number,
  ) {
    socket.on('data', (b: Buffer) => {
      this.rx.push(b);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => {
      // 'close' follows; pending operations fail with a QgaProtocolError.
    });
  }

  /**
   * Connects to a UNIX socket path (or adopts a connected socket) and syncs
   * according to `options.sync` (default 'delimited').
   */
  static async connect(target: string | Socket, options: ConnectOptions = {}): Promise<QgaClient> {
    const socket = typeof target === 'string' ? await openUnix(target) : target;
    const client = new QgaClient(socket, options.sync ?? 'delimited', options.syncTimeoutMs ?? 5000);
    if (client.mode !== 'none') await client.sync();
    return client;
  }

  /** Runs the sync of the configured mode ('delimited' when mode is 'none'); returns the id used. */
  sync(options: { timeoutMs?: number; attempts?: number } = {}): Promise<bigint> {
    return this.serial(() => this.doSync(options));
  }

  /**
   * Sends one command and returns its reply. Syncs first when the connection
   * is not known to be in sync (after connect or a timeout), like libvirt.
   */
  execute(command: string, args?: JsonObject, options: ExecuteOptions = {}): Promise<QgaReply> {
    return this.serial(async () => {
      if (!this.inSync && this.mode !== 'none') await this.doSync({});
      const req: JsonObject = { execute: command };
      if (args !== undefined) req.arguments = args;
      if (options.id !== undefined) req.id = options.id;
      const timeoutMs = options.timeoutMs ?? 5000;
      const expectReply = options.expectReply ?? !NO_SUCCESS_RESPONSE.has(command);
      this.write(`${encodeJson(req)}\n`);
      try {
        return await this.waitFor(() => this.takeReply(), timeoutMs);
      } catch (e) {
        if (e instanceof QgaTimeoutError) {
          this.inSync = false;
          if (!expectReply) return {};
        }
        throw e;
      }
    });
  }

  /**
   * Writes `bytes` unchanged and returns the raw bytes that come back (with
   * any 0xFF prefix and the trailing '\n'), for byte-exact tests. No sync.
   */
  executeRaw(bytes: Buffer | string, options: RawOptions = {}): Promise<Buffer> {
    return this.serial(async () => {
      this.write(bytes);
      return this.readRawNow(options);
    });
  }

  /** Reads raw reply bytes without sending anything (see {@link RawOptions}). */
  readRaw(options: RawOptions = {}): Promise<Buffer> {
    return this.serial(() => this.readRawNow(options));
  }

  /** Closes the connection (half-close, then destroy if the agent lingers). */
  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => this.socket.destroy(), 1000);
      this.socket.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      this.socket.end();
    });
  }

  private async readRawNow(options: RawOptions): Promise<Buffer> {
    const timeoutMs = options.timeoutMs ?? 5000;
    if (options.quietMs !== undefined) return this.collectQuiet(options.quietMs, timeoutMs);
    const lines = options.lines ?? 1;
    if (lines <= 0) return Buffer.alloc(0);
    return this.waitFor(() => this.rx.takeLines(lines), timeoutMs);
  }

  /** Sync attempts until one gets its reply; a new id after each timeout (libvirt sends a second sync, we allow `attempts`). */
  private async runSync(makeAttempt: () => SyncAttempt, options: { timeoutMs?: number; attempts?: number }, attempts: number): Promise<bigint> {
    const max = options.attempts ?? attempts;
    for (let n = 1; ; n++) {
      const attempt = makeAttempt();
      this.write(attempt.request);
      try {
        await this.waitFor(() => attempt.take(this.rx), options.timeoutMs ?? this.syncTimeoutMs);
        this.inSync = true;
        return attempt.id;
      } catch (e) {
        if (!(e instanceof QgaTimeoutError) || n >= max) throw e;
      }
    }
  }

  private doSync(options: { timeoutMs?: number; attempts?: number }): Promise<bigint> {
    return this.mode === 'libvirt' ? this.runSync(() => libvirtSync(), options, 2) : this.runSync(() => delimitedSync(), options, 3);
  }

  private takeReply(): QgaReply | undefined {
    for (let line = this.rx.takeLine(); line; line = this.rx.takeLine()) {
      // A stray delimited-sync prefix is not part of the JSON.
      const at = line.lastIndexOf(0xff);
      const body = at >= 0 ? line.subarray(at + 1) : line;
      if (body.toString('latin1').trim() === '') continue;
      const reply = parseReplyLine(body);
      if (reply) return reply;
      let v: JsonValue | undefined;
      try {
        v = parseJson(body);
      } catch {
        this.inSync = false;
        throw new QgaProtocolError(`agent sent a line that is not JSON: ${body.toString('latin1').slice(0, 200)}`);
      }
      // Events and QMP greetings are skipped as libvirt does; qemu-ga sends none.
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !('event' in v || 'QMP' in v)) {
        this.inSync = false;
        throw new QgaProtocolError(`agent sent JSON that is not a reply: ${body.toString('latin1').slice(0, 200)}`);
      }
    }
    return undefined;
  }

  private collectQuiet(quietMs: number, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve) => {
      let quiet: NodeJS.Timeout;
      const finish = (): void => {
        clearTimeout(quiet);
        clearTimeout(hard);
        this.wake = undefined;
        resolve(this.rx.takeAll());
      };
      const hard = setTimeout(finish, timeoutMs);
      quiet = setTimeout(finish, quietMs);
      this.wake = () => {
        clearTimeout(quiet);
        if (this.closed) finish();
        else quiet = setTimeout(finish, quietMs);
      };
    });
  }

  private waitFor<T>(take: () => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        this.wake = undefined;
      };
      const check = (): void => {
        let v: T | undefined;
        try {
          v = take();
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (v !== undefined) {
          done();
          resolve(v);
        } else if (this.closed) {
          done();
          reject(new QgaProtocolError('the agent closed the connection; check that it is running and reconnect'));
        }
      };
      if (timeoutMs >= 0 && Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          done();
          reject(new QgaTimeoutError(`no reply from the agent within ${timeoutMs} ms; is it running and connected to this socket?`));
        }, timeoutMs);
      }
      this.wake = check;
      check();
    });
  }

  private write(data: Buffer | string): void {
    if (this.closed) throw new QgaProtocolError('connection is closed; reconnect with QgaClient.connect()');
    this.socket.write(data);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function openUnix(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection(path);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', (e) => reject(new Error(`cannot connect to ${path}: ${e.message}; is the agent (or QEMU's chardev) listening there?`)));
  });
}
