/**
 * Host → guest file transfer into the save folder (spice-vdagent 0.22.1's
 * file-xfers.c, with the fixes spice-vdagent.md §5 asks for):
 *  START → key file parsed (bad: ERROR), name reduced to a safe basename,
 *  size checked against the free space (NOT_ENOUGH_SPACE + u64 free),
 *  a hidden temp file created beside the target (the folder must exist:
 *  no parent creation) and pre-sized, CAN_SEND_DATA;
 *  DATA → appended in order; a length that disagrees with its header or
 *  more bytes than announced → ERROR; the last byte → the temp file is
 *  linked to "name", "name (1).ext" … (no clobbering, 63 tries) and
 *  removed, SUCCESS, and the folder opened when asked and the batch is done;
 *  STATUS CANCELLED/ERROR from the client → partial file removed.
 * Statuses go out as udscs FILE_XFER_STATUS(id, result[, detail]).
 */
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseXferStart, safeBasename } from './keyfile.js';

export const XFER_STATUS = { CAN_SEND_DATA: 0, CANCELLED: 1, ERROR: 2, SUCCESS: 3, NOT_ENOUGH_SPACE: 4, SESSION_LOCKED: 5, VDAGENT_NOT_CONNECTED: 6, DISABLED: 7 } as const;

export type SendStatus = (id: number, result: number, detail?: Buffer) => void;

export interface XferLog {
  debug(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface FileXfersOptions {
  saveDir: string;
  openDir: boolean;
  openFolder: (dir: string) => Promise<boolean>;
  /** Free bytes where `dir` lives (statvfs f_bavail · f_bsize); undefined when unknown. */
  freeSpace?: (dir: string) => Promise<bigint | undefined>;
}

interface Task {
  id: number;
  name: string;
  size: bigint;
  received: bigint;
  nr: number;
  total: number;
  temp: string;
  fh: FileHandle;
  chain: Promise<void>;
  dead: boolean;
}

const MAX_COPIES = 63;

async function statfsFree(dir: string): Promise<bigint | undefined> {
  try {
    const s = await fsp.statfs(dir, { bigint: true });
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

export class FileXfers {
  private readonly tasks = new Map<number, Task>();
  /** Removals of failed tasks' files still running. */
  private readonly cleanups = new Set<Promise<void>>();
  private readonly freeSpace: (dir: string) => Promise<bigint | undefined>;

  constructor(
    private readonly opts: FileXfersOptions,
    private readonly send: SendStatus,
    private readonly log: XferLog,
  ) {
    this.freeSpace = opts.freeSpace ?? statfsFree;
  }

  get active(): number {
    return this.tasks.size;
  }

  async start(payload: Buffer): Promise<void> {
    if (payload.length < 4) return;
    const id = payload.readUInt32LE(0);
    if (this.tasks.has(id)) {
      this.log.error(`file-xfer: id ${id} already exists, ignoring`);
      return;
    }
    const start = parseXferStart(payload.subarray(4).toString('utf8'));
    const name = start && safeBasename(start.name);
    if (!start || !name) {
      this.log.error(`file-xfer: ${start ? `unusable file name ${JSON.stringify(start.name)}` : 'malformed start message'}`);
      return this.send(id, XFER_STATUS.ERROR);
    }
    const free = await this.freeSpace(this.opts.saveDir);
    if (free !== undefined && start.size > free) {
      this.log.error(`file-xfer: not enough free space (${start.size} to copy, ${free} free)`);
      const detail = Buffer.alloc(8);
      detail.writeBigUInt64LE(free);
      return this.send(id, XFER_STATUS.NOT_ENOUGH_SPACE, detail);
    }
    const temp = join(this.opts.saveDir, `.${name}.spice-xfer-${process.pid}-${id}.part`);
    let fh: FileHandle;
    try {
      fh = await fsp.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    } catch (err) {
      this.log.error(`file-xfer: cannot create a file in ${this.opts.saveDir}: ${(err as Error).message}`);
      return this.send(id, XFER_STATUS.ERROR);
    }
    try {
      await fh.truncate(Number(start.size));
    } catch (err) {
      this.log.error(`file-xfer: cannot reserve ${start.size} bytes: ${(err as Error).message}`);
      await fh.close().catch(() => undefined);
      await fsp.unlink(temp).catch(() => undefined);
      return this.send(id, XFER_STATUS.ERROR);
    }
    if (this.tasks.has(id)) {
      // A duplicate START raced this one through the awaits above.
      await fh.close().catch(() => undefined);
      await fsp.unlink(temp).catch(() => undefined);
      return;
    }
    this.tasks.set(id, { id, name, size: start.size, received: 0n, nr: start.nr, total: start.total, temp, fh, chain: Promise.resolve(), dead: false });
    this.log.debug(`file-xfer: task ${id} ${name} ${start.size} bytes`);
    this.send(id, XFER_STATUS.CAN_SEND_DATA);
  }

  data(payload: Buffer): void {
    if (payload.length < 12) return;
    const id = payload.readUInt32LE(0);
    const t = this.tasks.get(id);
    if (!t) {
      this.log.error(`file-xfer: cannot find task ${id}`);
      return;
    }
    const size = payload.readBigUInt64LE(4);
    const bytes = payload.subarray(12);
    if (size !== BigInt(bytes.length)) {
      this.log.error(`file-xfer: task ${id}: data claims ${size} bytes, carries ${bytes.length}`);
      return this.fail(t, XFER_STATUS.ERROR);
    }
    const at = t.received;
    t.received += size;
    if (t.received > t.size) {
      this.log.error(`file-xfer: task ${id}: received too much data`);
      return this.fail(t, XFER_STATUS.ERROR);
    }
    const last = t.received === t.size;
    // Copy: the payload buffer may be reused by the decoder's caller.
    const copy = Buffer.from(bytes);
    t.chain = t.chain.then(async () => {
      if (t.dead) return;
      try {
        await t.fh.write(copy, 0, copy.length, Number(at));
        if (last) await this.finish(t);
      } catch (err) {
        this.log.error(`file-xfer: task ${id}: writing failed: ${(err as Error).message}`);
        this.fail(t, XFER_STATUS.ERROR);
      }
    });
  }

  /** A STATUS from the client: anything but CAN_SEND_DATA ends the task. */
  status(payload: Buffer): void {
    if (payload.length < 8) return;
    const id = payload.readUInt32LE(0);
    const result = payload.readUInt32LE(4);
    const t = this.tasks.get(id);
    if (!t) return;
    if (result === XFER_STATUS.CAN_SEND_DATA) {
      this.log.warn(`file-xfer: task ${id} received an unexpected CAN_SEND_DATA`);
      return;
    }
    this.log.debug(`file-xfer: task ${id} ended by the client (${result})`);
    this.fail(t, undefined);
  }

  /** Drop every task without a word (client gone, transfers disabled, shutdown). */
  async dropAll(): Promise<void> {
    const all = [...this.tasks.values()];
    for (const t of all) this.fail(t, undefined);
    await this.settled();
  }

  /** Every write and removal started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((t) => t.chain));
    await Promise.all([...this.cleanups]);
  }

  private async finish(t: Task): Promise<void> {
    await t.fh.close();
    const ext = extname(t.name);
    const stem = ext && ext !== t.name ? t.name.slice(0, -ext.length) : t.name;
    let final: string | undefined;
    for (let i = 0; i <= MAX_COPIES && !final; i++) {
      const candidate = join(this.opts.saveDir, i === 0 ? t.name : `${stem} (${i})${ext === t.name ? '' : ext}`);
      try {
        await fsp.link(t.temp, candidate); // fails instead of replacing an existing file
        final = candidate;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    await fsp.unlink(t.temp).catch(() => undefined);
    this.tasks.delete(t.id);
    if (!final) {
      this.log.error(`file-xfer: more than ${MAX_COPIES} copies of ${t.name} exist`);
      this.send(t.id, XFER_STATUS.ERROR);
      return;
    }
    this.log.debug(`file-xfer: task ${t.id} saved as ${final}`);
    this.send(t.id, XFER_STATUS.SUCCESS);
    if (this.opts.openDir && t.nr === t.total && this.tasks.size === 0) {
      if (!(await this.opts.openFolder(this.opts.saveDir))) this.log.warn(`file-xfer: failed to open ${this.opts.saveDir}`);
    }
  }

  private fail(t: Task, result: number | undefined): void {
    if (t.dead) return;
    t.dead = true;
    this.tasks.delete(t.id);
    if (result !== undefined) this.send(t.id, result);
    const cleanup = t.chain.then(async () => {
      await t.fh.close().catch(() => undefined);
      await fsp.unlink(t.temp).catch(() => undefined);
    });
    t.chain = cleanup;
    this.cleanups.add(cleanup);
    void cleanup.finally(() => this.cleanups.delete(cleanup));
  }
}
