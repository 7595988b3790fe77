// Starts one daemon, ours (dist/spice-vdagentd.mjs) or Debian's
// /usr/sbin/spice-vdagentd 0.22.1, the same way: -x -X, `-s` on a UNIX socket
// the bench listens on (both connect to a socket path there), `-S` a fresh
// session socket with a fake session agent on it, `-f -u` a file for mouse
// events. The reference opens the port only once a session agent reported its
// resolution, so the agent comes first for both. Every process is stopped by its pid.
import { missingFiles } from '@ga/bench-kit/stats';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChunkReader, UdscsReader, capsRequest, resolution } from './wire.mjs';

export const OURS = fileURLToPath(new URL('../../dist/spice-vdagentd.mjs', import.meta.url));
export const REFERENCE = '/usr/sbin/spice-vdagentd';

export function checkPrerequisites() {
  return missingFiles([
    [OURS, 'run "npm run build" in apps/spice-vdagent first'],
    [REFERENCE, 'apt-get install -y --no-install-recommends spice-vdagent'],
  ]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Daemon {
  constructor(kind) {
    this.kind = kind;
    this.dir = mkdtempSync(join(tmpdir(), `vdagentd-bench-${kind}-`));
  }

  async start() {
    const portPath = join(this.dir, 'port.sock');
    const sessionPath = join(this.dir, 'agent.sock');
    const accepted = new Promise((resolve) => {
      this.server = createServer((s) => resolve(s));
    });
    await new Promise((r) => this.server.listen(portPath, r));
    // The reference opens the -f file without creating it.
    writeFileSync(join(this.dir, 'events'), '');
    const args = ['-x', '-X', '-s', portPath, '-S', sessionPath, '-f', '-u', join(this.dir, 'events')];
    const [cmd, argv] = this.kind === 'ours' ? [process.execPath, [OURS, ...args]] : [REFERENCE, args];
    this.child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (c) => (this.stderr += c));
    for (let i = 0; !existsSync(sessionPath); i++) {
      if (i > 400 || this.child.exitCode !== null) throw new Error(`${this.kind} daemon made no session socket:\n${this.stderr}`);
      await sleep(25);
    }
    this.agent = createConnection(sessionPath);
    this.agentReader = new UdscsReader(this.agent);
    await this.agentReader.next(); // VERSION
    this.agent.write(resolution());
    this.host = await accepted;
    this.hostReader = new ChunkReader(this.host);
    await this.hostReader.nextOfType(6); // its caps announce, request = 1
    this.host.write(capsRequest());
    await this.hostReader.nextOfType(6); // its answer, request = 0
  }

  async stop() {
    this.agent?.destroy();
    this.host?.destroy();
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      process.kill(this.child.pid, 'SIGTERM');
      const t = setTimeout(() => this.child.exitCode === null && process.kill(this.child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    await new Promise((r) => this.server.close(() => r()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
