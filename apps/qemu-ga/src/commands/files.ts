/**
 * guest-file-open/close/read/write/seek/flush (qemu-ga.md §2.3.1). The handle
 * table belongs to the agent (one per AgentContext), so handles survive host
 * reconnects; numbering continues across restarts through qga.state.
 * Paths are logged like qemu-ga does; file contents never are.
 */
import { GuestFileTable } from '@ga/guest-os/files/file-table';
import { HandleCounter } from '@ga/guest-os/files/handle-counter';
import type { AgentContext } from '../context.js';
import type { Handlers } from '../handlers.js';
import { Base64Blob } from '../reply/base64-blob.js';
import { Base64Source } from '../reply/base64-source.js';
import { BLOB_PIECE_BYTES } from '../reply/write-reply.js';
import { decodeBase64Arg } from './base64-arg.js';
import { asQga } from './qga-errors.js';

type FileCommands =
  | 'guest-file-open'
  | 'guest-file-close'
  | 'guest-file-read'
  | 'guest-file-write'
  | 'guest-file-seek'
  | 'guest-file-flush';

/** QGASeek names → SEEK_SET/SEEK_CUR/SEEK_END (qemu-ga picked matching values). */
const WHENCE_CODES = { set: 0, cur: 1, end: 2 } as const;

/** Reads of at least this many bytes are streamed when the file allows it (below, one Buffer is cheaper). */
export const STREAM_READ_MIN = 1024 * 1024;

const tables = new WeakMap<AgentContext, GuestFileTable>();

/** The agent's file table for this context, created on first use. */
export function fileTableFor(ctx: AgentContext): GuestFileTable {
  let table = tables.get(ctx);
  if (table === undefined) {
    table = new GuestFileTable({ counter: new HandleCounter(ctx.stateDir) });
    tables.set(ctx, table);
  }
  return table;
}

/** Builds the handlers around a table source (tests inject their own). */
export function createFileHandlers(
  tableFor: (ctx: AgentContext) => GuestFileTable = fileTableFor,
): Pick<Handlers, FileCommands> {
  return {
    async 'guest-file-open'({ path, mode }, ctx) {
      const m = mode ?? 'r';
      ctx.log.audit(`guest-file-open called, filepath: ${path}, mode: ${m}`);
      const handle = await asQga(() => tableFor(ctx).open(path, m));
      ctx.log.info(`guest-file-open, handle: ${handle}`);
      return handle;
    },
    async 'guest-file-close'({ handle }, ctx) {
      ctx.log.audit(`guest-file-close called, handle: ${handle}`);
      await asQga(() => tableFor(ctx).close(handle));
    },
    async 'guest-file-read'({ handle, count }, ctx) {
      // Big reads of regular files stream from the fd: a 48 MiB read must not hold 48 MiB.
      if (count !== undefined && count >= STREAM_READ_MIN) {
        const s = await asQga(() => tableFor(ctx).readStreamed(handle, count, BLOB_PIECE_BYTES));
        if (s) return { count: s.count, 'buf-b64': new Base64Source(s.count, s.pieces), eof: s.eof };
      }
      const r = await asQga(() => tableFor(ctx).read(handle, count));
      return { count: r.count, 'buf-b64': new Base64Blob(r.data), eof: r.eof };
    },
    async 'guest-file-write'(args, ctx) {
      const table = tableFor(ctx);
      // qemu-ga order: unknown handle, then bad base64, then bad count.
      await asQga(() => table.get(args.handle));
      const data = decodeBase64Arg(args['buf-b64']);
      return asQga(() => table.write(args.handle, data, args.count));
    },
    async 'guest-file-seek'({ handle, offset, whence }, ctx) {
      const code = typeof whence === 'string' ? WHENCE_CODES[whence] : whence;
      const r = await asQga(() => tableFor(ctx).seek(handle, BigInt(offset), code));
      return { position: Number(r.position), eof: r.eof };
    },
    async 'guest-file-flush'({ handle }, ctx) {
      await asQga(() => tableFor(ctx).flush(handle));
    },
  };
}

export const fileHandlers: Pick<Handlers, FileCommands> = createFileHandlers();
