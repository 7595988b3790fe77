/**
 * Shared setup of the transport VM tests: the image with the echo agent
 * bundle, one boot per describe group, and byte-stream helpers.
 */
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootVm, type BootVmOptions, type Vm } from '../src/driver.js';
import { ensureImage } from '../src/image.js';
import { assertVmPrerequisites } from '../src/prereq.js';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ECHO_AGENT = '/opt/echo-agent/echo-agent.mjs';

/** Boot a VM whose image holds tools/vm/dist (the echo agent). */
export async function bootEchoVm(opts: Omit<BootVmOptions, 'image'> = {}): Promise<Vm> {
  assertVmPrerequisites();
  const dist = join(pkgDir, 'dist');
  if (!existsSync(join(dist, 'echo-agent.mjs'))) {
    throw new Error('tools/vm/dist/echo-agent.mjs is missing: run `npm run build` in tools/vm (turbo test:vm does it)');
  }
  const image = await ensureImage({ bundles: [dist] });
  const vm = await bootVm({ ...opts, image });
  process.stdout.write(`[vm] booted in ${(vm.bootMs / 1000).toFixed(1)} s (QEMU pid ${vm.qemuPid})\n`);
  return vm;
}

/** Collects everything a socket receives. */
export class Received {
  private chunks: Buffer[] = [];
  private waiters = new Set<() => void>();
  constructor(socket: Socket) {
    socket.on('data', (c: Buffer) => {
      this.chunks.push(c);
      for (const w of this.waiters) w();
    });
    socket.on('error', () => {});
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  /** Wait until `done(bytes)` holds; rejects after `ms` with what came. */
  until(done: (b: Buffer) => boolean, ms: number, what: string): Promise<Buffer> {
    return new Promise((ok, fail) => {
      const check = (): void => {
        const b = this.bytes;
        if (done(b)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          ok(b);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        fail(new Error(`timed out after ${ms} ms waiting for ${what}; received ${this.bytes.length} bytes`));
      }, ms);
      this.waiters.add(check);
      check();
    });
  }
}

/** Random bytes, all 256 values included: a transport must be 8-bit clean. */
export function payload(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = i < 256 ? i : x >>> 24;
  }
  return b;
}
