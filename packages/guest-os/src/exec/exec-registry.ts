import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { libc } from '@ga/native/libc';
import { errnoOf, strerror } from '@ga/native/errno';
import { findProgram, type ProgramFs, defaultProgramFs } from './find-program.js';
import { posixSpawner } from './posix-spawn.js';
import { signalNumber } from './run-command.js';

/** Per-stream capture cap: 16 MiB (GUEST_EXEC_MAX_OUTPUT); the rest is read and dropped. */
export const EXEC_MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * Which streams are captured: `true` on the wire is "separated", `false`/absent
 * "none" (qemu-ga 8.0 added the enum; "merged" dup's stderr onto stdout).
 */
export type CaptureMode = 'none' | 'stdout' | 'stderr' | 'separated' | 'merged';

export interface ExecRequest {
  path: string;
  args?: readonly string[];
  /** "NAME=value" entries; when present they REPLACE the whole environment (g_spawn envp). */
  env?: readonly string[];
  /** Written to stdin, then stdin is closed; without it stdin is /dev/null. */
  input?: Buffer;
  capture: CaptureMode;
}

export interface CapturedStream {
  data: Buffer;
  truncated: boolean;
}

/** guest-exec-status, before it is put on the wire. */
export interface ExecStatus {
  exited: boolean;
  exitcode?: number;
  signal?: number;
  /** Present only when something was captured (qemu-ga omits empty streams). */
  out?: CapturedStream;
  err?: CapturedStream;
}

/** Node's spawn, injectable so unit tests can record the exact call. */
export type Spawner = (file: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

/** posix_spawn when libc can be bound (faster, see posix-spawn.ts), else Node's spawn. */
const defaultSpawner: Spawner = (file, args, opts) => {
  try {
    libc();
  } catch {
    return nodeSpawn(file, [...args], opts);
  }
  return posixSpawner(file, args, opts);
};

export interface ExecRegistryOptions {
  spawn?: Spawner;
  programFs?: ProgramFs;
  /** Creates the shared pipe for "merged"; default pipe2(O_CLOEXEC) through libc. */
  pipe?: () => [number, number];
  /** Cap per captured stream; default {@link EXEC_MAX_OUTPUT}. */
  maxOutput?: number;
  /** Downstream extra, off by default: SIGKILL a child still running after this many seconds. */
  timeoutSec?: number;
  /** Downstream extra, off by default: forget an exited child never polled for this many seconds. */
  unpolledTtlSec?: number;
  /** Told about timeouts and dropped records (never about arguments or environment). */
  warn?: (message: string) => void;
  /** The agent's own PATH, used when `env` is not given. */
  agentPath?: string;
}

interface Sink {
  chunks: Buffer[];
  length: number;
  truncated: boolean;
}

interface ExecRecord {
  child: ChildProcess;
  exitCode: number | null;
  signal: number | null;
  reaped: boolean;
  openStreams: number;
  out?: Sink;
  err?: Sink;
  timer?: NodeJS.Timeout;
  gcTimer?: NodeJS.Timeout;
}

/**
 * guest-exec children and their captured output. Records belong to the agent
 * (a reconnecting host can still poll them); a record is reaped by the first
 * status call that reports `exited: true`, like qemu-ga.
 */
export class ExecRegistry {
  private readonly records = new Map<number, ExecRecord>();
  private readonly spawn: Spawner;
  private readonly maxOutput: number;

  constructor(private readonly options: ExecRegistryOptions = {}) {
    this.spawn = options.spawn ?? defaultSpawner;
    this.maxOutput = options.maxOutput ?? EXEC_MAX_OUTPUT;
  }

  /** Number of children not yet reaped by a status call. */
  get size(): number {
    return this.records.size;
  }

  /**
   * Starts a child and returns its pid. A failure to start throws GLib's text,
   * `Failed to execute child process “<path>” (<strerror>)`, which the agent
   * wraps in "Guest agent command failed, error was '…'".
   */
  async start(req: ExecRequest): Promise<number> {
    const env = req.env === undefined ? undefined : envObject(req.env);
    // G_SPAWN_SEARCH_PATH_FROM_ENVP: with an env the child's PATH is searched.
    const pathVar = env === undefined ? (this.options.agentPath ?? process.env.PATH) : env.PATH;
    const found = await findProgram(req.path, pathVar, this.options.programFs ?? defaultProgramFs);
    if ('errno' in found) throw spawnError(req.path, found.errno);

    let mergedFds: [number, number] | undefined;
    const capOut = req.capture === 'stdout' || req.capture === 'separated';
    const capErr = req.capture === 'stderr' || req.capture === 'separated';
    if (req.capture === 'merged') mergedFds = (this.options.pipe ?? (() => libc().pipeCloexec()))();
    const stdio: SpawnOptions['stdio'] = [
      req.input ? 'pipe' : 'ignore',
      mergedFds ? mergedFds[1] : capOut ? 'pipe' : 'ignore',
      mergedFds ? mergedFds[1] : capErr ? 'pipe' : 'ignore',
    ];
    let child: ChildProcess;
    try {
      // With the downstream timeout on, the child leads its own process group so
      // the kill also reaches grandchildren that would otherwise keep the pipes open.
      const detached = this.timeoutSec() !== undefined;
      child = this.spawn(found.path, req.args ?? [], {
        argv0: req.path,
        env: env ?? process.env,
        stdio,
        ...(detached ? { detached: true } : {}),
      });
    } catch (e) {
      // posix_spawn reports a failed exec at once (Node's spawn does it through 'error', below).
      const errno = errnoOf(e);
      if (mergedFds) closeSync(mergedFds[0]);
      if (errno !== undefined) throw spawnError(req.path, errno);
      throw e;
    } finally {
      if (mergedFds) closeSync(mergedFds[1]);
    }
    const pid = child.pid;
    if (pid === undefined) {
      if (mergedFds) closeSync(mergedFds[0]);
      const errno = await new Promise<number>((resolve) => {
        child.once('error', (e: NodeJS.ErrnoException) => resolve(Math.abs(e.errno ?? 2)));
      });
      throw spawnError(req.path, errno);
    }

    const rec: ExecRecord = { child, exitCode: null, signal: null, reaped: false, openStreams: 0 };
    this.records.set(pid, rec);
    child.on('error', () => undefined);
    const settle = () => this.maybeArmGc(pid, rec);
    child.once('exit', (code, sig) => {
      rec.exitCode = code;
      rec.signal = signalNumber(sig);
      rec.reaped = true;
      if (rec.timer) clearTimeout(rec.timer);
      settle();
    });
    if (mergedFds) {
      rec.out = this.collect(new Socket({ fd: mergedFds[0], readable: true, writable: false }), rec, settle);
    } else {
      if (capOut && child.stdout) rec.out = this.collect(child.stdout, rec, settle);
      if (capErr && child.stderr) rec.err = this.collect(child.stderr, rec, settle);
    }
    if (req.input && child.stdin) {
      child.stdin.on('error', () => undefined); // the child may exit without reading its input
      child.stdin.end(req.input);
    }
    const timeoutSec = this.timeoutSec();
    if (timeoutSec !== undefined) {
      rec.timer = setTimeout(() => {
        this.options.warn?.(`guest-exec pid ${pid} still running after ${timeoutSec}s: killing its process group (SIGKILL)`);
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutSec * 1000);
      rec.timer.unref();
    }
    return pid;
  }

  /**
   * guest-exec-status. `exited` is true only once the child is reaped AND
   * every captured pipe reached EOF (a grandchild holding stdout delays it,
   * as in qemu-ga). Unknown pids throw qemu-ga 7.2's `Invalid parameter 'pid'`.
   */
  status(pid: number): ExecStatus {
    const rec = this.records.get(pid);
    if (rec === undefined) throw new Error("Invalid parameter 'pid'");
    if (!isDone(rec)) return { exited: false };
    this.records.delete(pid);
    if (rec.gcTimer) clearTimeout(rec.gcTimer);
    const st: ExecStatus = { exited: true };
    if (rec.exitCode !== null) st.exitcode = rec.exitCode;
    else if (rec.signal !== null) st.signal = rec.signal;
    const out = drain(rec.out);
    const err = drain(rec.err);
    if (out) st.out = out;
    if (err) st.err = err;
    return st;
  }

  /** Kills every running child and forgets all records (agent shutdown). */
  killAll(): void {
    for (const rec of this.records.values()) {
      if (!rec.reaped) rec.child.kill('SIGKILL');
      if (rec.timer) clearTimeout(rec.timer);
      if (rec.gcTimer) clearTimeout(rec.gcTimer);
    }
    this.records.clear();
  }

  private timeoutSec(): number | undefined {
    const t = this.options.timeoutSec;
    return t !== undefined && t > 0 ? t : undefined;
  }

  private collect(stream: Readable, rec: ExecRecord, settle: () => void): Sink {
    const sink: Sink = { chunks: [], length: 0, truncated: false };
    rec.openStreams++;
    stream.on('data', (chunk: Buffer) => {
      const room = this.maxOutput - sink.length;
      if (chunk.length > room) sink.truncated = true;
      if (room <= 0) return;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      sink.chunks.push(part);
      sink.length += part.length;
    });
    stream.on('error', () => undefined);
    stream.once('close', () => {
      rec.openStreams--;
      settle();
    });
    return sink;
  }

  private maybeArmGc(pid: number, rec: ExecRecord): void {
    const ttl = this.options.unpolledTtlSec;
    if (ttl === undefined || ttl <= 0 || !isDone(rec) || rec.gcTimer) return;
    rec.gcTimer = setTimeout(() => {
      if (this.records.get(pid) === rec) {
        this.records.delete(pid);
        this.options.warn?.(`guest-exec pid ${pid} exited but was never polled for ${ttl}s: record dropped`);
      }
    }, ttl * 1000);
    rec.gcTimer.unref();
  }
}

function isDone(rec: ExecRecord): boolean {
  return rec.reaped && rec.openStreams === 0;
}

function drain(sink: Sink | undefined): CapturedStream | undefined {
  if (!sink || sink.length === 0) return undefined;
  return { data: Buffer.concat(sink.chunks, sink.length), truncated: sink.truncated };
}

/** "NAME=value" list → env object; later duplicates win, entries without "=" are dropped. */
export function envObject(entries: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq > 0) env[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return env;
}

/** GLib's spawn failure text (G_SPAWN_ERROR), with its curly quotes. */
export function spawnError(path: string, errno: number): Error {
  return new Error(`Failed to execute child process \u201C${path}\u201D (${strerror(errno)})`);
}
