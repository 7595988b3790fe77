// Starts Debian's qemu-ga on a UNIX socket in a temp dir, for end-to-end tests
// of the client against the real thing.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const QEMU_GA = '/usr/sbin/qemu-ga';

/** qemu-ga in unix-listen mode. The socket file appears at bind(), before listen(): callers retry a refused connect. */
export class RealAgent {
  readonly dir = mkdtempSync(join(tmpdir(), 'qga-client-e2e-'));
  readonly sock = join(this.dir, 'agent.sock');
  private child: ChildProcess | undefined;

  async start(): Promise<void> {
    if (!existsSync(QEMU_GA)) throw new Error(`${QEMU_GA} is missing: apt-get install -y qemu-guest-agent`);
    this.child = spawn(QEMU_GA, ['-m', 'unix-listen', '-p', this.sock, '-t', this.dir, '-f', join(this.dir, 'pid')], { stdio: 'ignore' });
    for (let i = 0; i < 1000 && !existsSync(this.sock); i++) await new Promise((r) => setTimeout(r, 10));
    if (!existsSync(this.sock)) throw new Error(`qemu-ga did not create ${this.sock}`);
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (c && c.exitCode === null) {
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
