/** A linked pty pair from socat (`apt-get install -y socat`), both ends raw. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './net.js';

export interface PtyPair {
  a: string;
  b: string;
  stop: () => void;
}

export async function ptyPair(): Promise<PtyPair> {
  const dir = tempDir('ga-pty-');
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  let child: ChildProcess;
  try {
    child = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new Error(`cannot run socat (${(err as Error).message}): apt-get install -y socat`);
  }
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (err) => reject(new Error(`cannot run socat (${err.message}): apt-get install -y socat`))),
  );
  // socat creates both links before it starts copying; wait for them.
  await Promise.race([
    failed,
    (async () => {
      while (!existsSync(a) || !existsSync(b)) await new Promise((r) => setTimeout(r, 20));
    })(),
  ]);
  return { a, b, stop: () => child.kill() };
}

/**
 * A pty made in this process (posix_openpt through koffi): the channel opens
 * `slave`, the test is the "host" on `master`. Unlike a socat pair, the two
 * directions are independent, so a stuck direction cannot stall the other.
 */
export async function openPty(): Promise<{ master: number; slave: string }> {
  const { createRequire } = await import('node:module');
  const koffi = createRequire(import.meta.url)('koffi') as { load: (n: string) => { func: (d: string) => (...a: unknown[]) => unknown } };
  const lib = koffi.load('libc.so.6');
  const posixOpenpt = lib.func('int posix_openpt(int flags)');
  const grantpt = lib.func('int grantpt(int fd)');
  const unlockpt = lib.func('int unlockpt(int fd)');
  const ptsname = lib.func('const char *ptsname(int fd)');
  const O_RDWR = 2;
  const O_NOCTTY = 0o400;
  const master = posixOpenpt(O_RDWR | O_NOCTTY) as number;
  if (master < 0 || (grantpt(master) as number) < 0 || (unlockpt(master) as number) < 0) throw new Error('posix_openpt failed: is /dev/ptmx available?');
  const slave = ptsname(master) as string;
  const { execFileSync } = await import('node:child_process');
  execFileSync('stty', ['-F', slave, 'raw', '-echo']);
  return { master, slave };
}
