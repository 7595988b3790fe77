// Starts the reference qemu-ga and our bundle the same way, fresh, in temp dirs.
import { missingFiles } from '@ga/bench-kit/stats';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Conn } from './conn.mjs';
import { statusKb } from './footprint.mjs';

export const REFERENCE_BIN = '/usr/sbin/qemu-ga';
/** What the packaged launcher exports (the same text as @ga/process/runtime-tuning's MALLOC_TUNABLES). */
const MALLOC_TUNABLES = 'glibc.malloc.trim_threshold=16777216:glibc.malloc.mmap_threshold=33554432';
export const BUNDLE = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'dist', 'qemu-ga.mjs');

export function checkPrerequisites() {
  return missingFiles([
    [REFERENCE_BIN, 'apt-get install -y qemu-guest-agent'],
    [BUNDLE, 'run npm run build in apps/qemu-ga'],
  ]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Agent {
  /** @param {'reference'|'ours'} kind */
  constructor(kind) {
    this.kind = kind;
    this.dir = mkdtempSync(join(tmpdir(), `qga-bench-${kind}-`));
    this.sock = join(this.dir, 'agent.sock');
    this.state = join(this.dir, 'state');
    this.scratch = join(this.dir, 'scratch');
    mkdirSync(this.state);
    mkdirSync(this.scratch);
    this.child = null;
  }

  /** Spawns the agent; resolves with ms from spawn to the first guest-ping reply. */
  async start() {
    rmSync(this.sock, { force: true });
    const [bin, pre] = this.kind === 'reference' ? [REFERENCE_BIN, []] : [process.execPath, [BUNDLE]];
    const t0 = process.hrtime.bigint();
    // Ours as its launcher starts it (tools/pkg launcher): glibc's malloc settings from the environment.
    const env = this.kind === 'reference' ? process.env : { ...process.env, GLIBC_TUNABLES: MALLOC_TUNABLES };
    this.child = spawn(bin, [...pre, '-m', 'unix-listen', '-p', this.sock, '-t', this.state, '-f', join(this.dir, 'pid')], { stdio: 'ignore', env });
    this.exited = new Promise((r) => this.child.once('exit', r));
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`${this.kind} agent exited at start`);
      if (existsSync(this.sock)) {
        try {
          this.conn = await Conn.open(this.sock);
          break;
        } catch {
          // bound but not listening yet
        }
      }
      if (Number(process.hrtime.bigint() - t0) > 30e9) throw new Error(`${this.kind} agent did not listen within 30 s`);
      await sleep(1);
    }
    await this.conn.call({ execute: 'guest-ping' });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  }

  /** kB values from /proc/<pid>/status. */
  memory() {
    return statusKb(this.child.pid);
  }

  async stop() {
    this.conn?.close();
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(t);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
