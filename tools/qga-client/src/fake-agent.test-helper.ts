// A scripted stand-in for qemu-ga on a UNIX socket, for the client's unit
// tests: it records every byte received and lets each test decide what bytes
// go back for each newline-terminated request.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeJson, parseJson, type JsonObject } from './json-lite.js';

export type Responder = (req: JsonObject, sock: Socket, raw: Buffer) => void;

export class FakeAgent {
  readonly dir = mkdtempSync(join(tmpdir(), 'qga-fake-'));
  readonly path = join(this.dir, 'agent.sock');
  /** All bytes received, per connection. */
  readonly received: Buffer[][] = [];
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  /** Bytes written to each new connection before anything else (stale replies). */
  onConnect: ((sock: Socket) => void) | undefined;

  constructor(public respond: Responder) {}

  async start(): Promise<void> {
    this.server = createServer((sock) => {
      this.sockets.add(sock);
      const got: Buffer[] = [];
      this.received.push(got);
      let pending = Buffer.alloc(0);
      this.onConnect?.(sock);
      sock.on('data', (b: Buffer) => {
        got.push(b);
        pending = Buffer.concat([pending, b]);
        for (let nl = pending.indexOf(10); nl >= 0; nl = pending.indexOf(10)) {
          const line = pending.subarray(0, nl);
          pending = pending.subarray(nl + 1);
          const text = line.subarray(line.lastIndexOf(0xff) + 1).toString();
          let req: JsonObject;
          try {
            req = parseJson(text) as JsonObject;
          } catch {
            sock.write('{"error": {"class": "GenericError", "desc": "JSON parse error"}}\n');
            continue;
          }
          this.respond(req, sock, line);
        }
      });
      sock.on('close', () => this.sockets.delete(sock));
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => this.server!.listen(this.path, r));
  }

  /** Every byte received on connection `n` (0-based). */
  bytes(n = 0): Buffer {
    return Buffer.concat(this.received[n] ?? []);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Replies as qemu-ga does for sync commands and guest-ping; others get CommandNotFound. */
export function qemuLike(req: JsonObject, sock: Socket, raw: Buffer): void {
  const args = (req.arguments ?? {}) as JsonObject;
  const id = req.id !== undefined ? `, "id": ${encodeJson(req.id)}` : '';
  if (raw.includes(0xff)) {
    sock.write(`{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\uFFFD'"}}\n`);
  }
  switch (req.execute) {
    case 'guest-sync-delimited':
      sock.write(Buffer.concat([Buffer.from([0xff]), Buffer.from(`{"return": ${String(args.id)}}\n`)]));
      return;
    case 'guest-sync':
      sock.write(`{"return": ${String(args.id)}}\n`);
      return;
    case 'guest-ping':
      sock.write(`{"return": {}${id}}\n`);
      return;
    default:
      sock.write(`{"error": {"class": "CommandNotFound", "desc": "The command ${String(req.execute)} has not been found"}}\n`);
  }
}
