// What a scenario sees: one agent, one current connection, and a transcript
// of everything read back. The same scenario runs against both agents and the
// two transcripts are compared (see conform.ts).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { QgaClient } from '@ga/qga-client/client';
import type { AgentProcess } from './agents.js';

/** Replies that take a while to produce (20 MB exec output, 10 MB lines). */
export const READ_TIMEOUT_MS = 30_000;

export class Session {
  /** One entry per recorded read, already escaped to printable text. */
  readonly transcript: string[] = [];
  /** Literal values replaced by a placeholder in the transcript (pids, paths). */
  private readonly aliases = new Map<string, string>();
  conn!: QgaClient;
  private extra: QgaClient[] = [];

  constructor(readonly agent: AgentProcess) {
    this.alias(agent.dir, '<DIR>');
  }

  get scratch(): string {
    return this.agent.scratch;
  }

  async open(): Promise<void> {
    this.conn = await this.agent.connect();
  }

  /** Writes bytes as they are (strings as latin1, so '\xff' is one 0xFF byte). */
  async send(bytes: string | Buffer): Promise<void> {
    await this.conn.executeRaw(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, { lines: 0 });
  }

  /** Reads `n` reply lines and records them. */
  async lines(n = 1, record = true): Promise<string> {
    const raw = await this.conn.readRaw({ lines: n, timeoutMs: READ_TIMEOUT_MS });
    return this.record(raw, record);
  }

  /**
   * Reads whatever arrives until `ms` pass without a byte, and records it if
   * anything came. Only for checking that nothing arrives (a slow agent
   * passes); use settle() where replies are expected.
   */
  async quiet(ms = 300, record = true): Promise<string> {
    const raw = await this.conn.readRaw({ quietMs: ms, timeoutMs: READ_TIMEOUT_MS });
    return raw.length > 0 ? this.record(raw, record) : '';
  }

  private settles = 0;

  /**
   * Sends a sentinel guest-ping and records every line up to and including its
   * reply: all replies to earlier input, however many, without timing.
   */
  async settle(): Promise<void> {
    const id = `settle-${++this.settles}`;
    await this.send(`{"execute":"guest-ping","id":"${id}"}`);
    await this.until((l) => l.includes(`"id": "${id}"`));
  }

  /** Reads lines until one matches `done`; records the first and the matching line only. */
  async firstAndUntil(done: (line: string) => boolean): Promise<void> {
    let first: string | undefined;
    for (;;) {
      const line = await this.lines(1, false);
      first ??= line;
      if (done(line)) {
        this.note(`first: ${first}`);
        this.note(`recovered: ${line}`);
        return;
      }
    }
  }

  /** Reads and records lines until one matches `done`. */
  async until(done: (line: string) => boolean): Promise<void> {
    for (;;) if (done(await this.lines(1))) return;
  }

  /** Sends `bytes` and records the next `n` reply lines. */
  async req(bytes: string | Buffer, n = 1): Promise<string> {
    await this.send(bytes);
    return this.lines(n);
  }

  /** Sends one command written compactly, records and returns its reply line. */
  async cmd(execute: string, args?: unknown, record = true): Promise<string> {
    const req = args === undefined ? { execute } : { execute, arguments: args };
    await this.send(JSON.stringify(req));
    return this.lines(1, record);
  }

  /** Parses a reply line (integers beyond 2^53 lose precision: only for pids, handles). */
  parse(line: string): { return?: any; error?: { class: string; desc: string }; id?: unknown } {
    return JSON.parse(line.replace(/^\\xff/, '')) as never;
  }

  /** Polls guest-exec-status until exited and records only the final reply. */
  async execWait(pid: number): Promise<string> {
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      const line = await this.cmd('guest-exec-status', { pid }, false);
      if (!line.includes('"exited": false')) {
        this.note(line);
        return line;
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /** Records what the fake system tools were called with (and empties the log). */
  noteCalls(): void {
    const log = this.agent.callsLog;
    const text = existsSync(log) ? readFileSync(log, 'utf8').trim() : '';
    this.note(`tool calls: ${text === '' ? '(none)' : text.split('\n').join(' | ')}`);
    rmSync(log, { force: true });
  }

  /** Records a derived observation. */
  note(text: string): void {
    this.transcript.push(text);
  }

  /** Replaces `value` by `placeholder` in the transcript (e.g. a pid). */
  alias(value: string | number, placeholder: string): void {
    this.aliases.set(String(value), placeholder);
  }

  /** Closes the current connection and opens a new one (a new host client). */
  async reconnect(): Promise<void> {
    await this.conn.close();
    await this.open();
  }

  /** Opens an additional connection (the agent serves one client at a time). */
  async second(): Promise<QgaClient> {
    const c = await this.agent.connect();
    this.extra.push(c);
    return c;
  }

  /** Kills the agent hard and starts it again with the same state dir. */
  async restart(): Promise<void> {
    await this.conn.close().catch(() => undefined);
    await this.agent.stop(true);
    await this.agent.start();
    await this.open();
  }

  /** The transcript with aliases applied, one entry per line. */
  text(): string {
    let t = this.transcript.join('\n');
    // Longest first, so a dir alias wins over a pid that is a substring of it.
    for (const [value, placeholder] of [...this.aliases].sort((a, b) => b[0].length - a[0].length)) {
      t = t.split(value).join(placeholder);
    }
    return t;
  }

  async close(): Promise<void> {
    for (const c of this.extra) await c.close().catch(() => undefined);
    await this.conn?.close().catch(() => undefined);
  }

  private record(raw: Buffer, record: boolean): string {
    const text = escapeBytes(raw);
    if (record) this.transcript.push(text);
    return text;
  }
}

/** Printable form of reply bytes: ASCII kept, anything else as \xNN; long strings summarised. */
export function escapeBytes(raw: Buffer): string {
  const s = raw.toString('latin1').replace(/[^\x20-\x7e\n]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return summariseLongStrings(s.replace(/\n$/, ''));
}

/** JSON strings over 2000 characters become their length and a checksum, to keep diffs readable. */
export function summariseLongStrings(s: string): string {
  let out = '';
  let from = 0;
  for (let q1 = s.indexOf('"'); q1 >= 0; ) {
    const q2 = s.indexOf('"', q1 + 1);
    if (q2 < 0) break;
    const body = s.slice(q1 + 1, q2);
    if (body.length >= 2000 && !body.includes('\\')) {
      out += `${s.slice(from, q1)}"<${body.length} chars, fnv ${fnv1a(body)}>"`;
      from = q2 + 1;
    }
    q1 = s.indexOf('"', q2 + 1);
  }
  return out + s.slice(from);
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}
