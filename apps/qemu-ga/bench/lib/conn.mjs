// Minimal raw client for benchmarks: newline-framed replies kept as Buffers,
// so that multi-megabyte guest-file-read replies are not parsed (both agents
// pay the same client cost; only the agent's share should show in ratios).
import { createConnection } from 'node:net';

export class Conn {
  /** @param {import('node:net').Socket} sock */
  constructor(sock) {
    this.sock = sock;
    this.chunks = [];
    this.lines = [];
    this.wake = null;
    this.closed = false;
    sock.on('data', (b) => this.onData(b));
    sock.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    sock.on('error', () => {});
  }

  static open(path) {
    return new Promise((resolve, reject) => {
      const s = createConnection(path);
      s.once('connect', () => resolve(new Conn(s)));
      s.once('error', reject);
    });
  }

  onData(b) {
    if (this.counting) return this.countLines(b);
    let from = 0;
    // A line is kept as its pieces: joining an 87 KB read reply cost this
    // client more than some agents spend on the request.
    for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, from)) {
      this.chunks.push(b.subarray(from, nl + 1));
      this.lines.push(this.chunks);
      this.chunks = [];
      from = nl + 1;
    }
    if (from < b.length) this.chunks.push(b.subarray(from));
    this.wake?.();
  }

  write(data) {
    this.sock.write(data);
  }

  /** Resolves with the next reply line (Buffer, '\n' included). */
  next(timeoutMs = 60_000) {
    return this.take((pieces) => (pieces.length === 1 ? pieces[0] : Buffer.concat(pieces)), timeoutMs);
  }

  /** The first and last `n` bytes of the next reply line, without joining its pieces. */
  nextEnds(n, timeoutMs = 60_000) {
    return this.take((pieces) => {
      const head = [];
      for (let i = 0, got = 0; i < pieces.length && got < n; got += pieces[i++].length) head.push(pieces[i]);
      const tail = [];
      for (let i = pieces.length - 1, got = 0; i >= 0 && got < n; got += pieces[i--].length) tail.unshift(pieces[i]);
      return { head: Buffer.concat(head).subarray(0, n), tail: Buffer.concat(tail).subarray(-n) };
    }, timeoutMs);
  }

  /** Resolves with `shape(pieces)` of the next reply line. */
  take(shape, timeoutMs) {
    if (this.lines.length > 0) return Promise.resolve(shape(this.lines.shift()));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.wake = null;
        reject(new Error(`no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.wake = () => {
        if (this.lines.length > 0) {
          clearTimeout(t);
          this.wake = null;
          resolve(shape(this.lines.shift()));
        } else if (this.closed) {
          clearTimeout(t);
          this.wake = null;
          reject(new Error('agent closed the connection'));
        }
      };
    });
  }

  /** Sends one request object and returns the reply line as text (small replies only). */
  async call(req) {
    this.write(JSON.stringify(req));
    return (await this.next()).toString();
  }

  /**
   * Waits until `n` more replies have arrived. Counts newlines instead of
   * making a line and a promise per reply: per-line work in this client would
   * cap both agents at the client's speed and hide the difference.
   */
  async drain(n) {
    let left = n;
    while (left > 0 && this.lines.length > 0) {
      this.lines.shift();
      left--;
    }
    if (left === 0) return;
    this.chunks = [];
    this.counting = { left, done: null };
    await new Promise((resolve, reject) => {
      this.counting.done = resolve;
      this.wake = () => this.closed && reject(new Error('agent closed the connection'));
    });
    this.wake = null;
  }

  countLines(b) {
    const c = this.counting;
    for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, nl + 1)) {
      if (--c.left === 0) {
        this.counting = null;
        // Bytes after the last awaited reply belong to the normal path.
        if (nl + 1 < b.length) this.onData(b.subarray(nl + 1));
        c.done();
        return;
      }
    }
  }

  close() {
    this.sock.destroy();
  }
}
