import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A bootable test image. */
export interface VmImage {
  /** The Debian kernel (bzImage). */
  kernel: string;
  /** lz4 (legacy) cpio initramfs with busybox, node, qemu-ga, socat, modules and the bundles. */
  initrd: string;
}

export interface EnsureImageOptions {
  /**
   * Bundle folders (`<pkg>/dist`, made by tools/ci/bundle.mjs) to place in
   * the guest as /opt/<name>/<name>.mjs. Build them first.
   */
  bundles: string[];
  /** Extra kernel modules loaded at boot (with their dependencies), e.g. `['uinput']`. */
  modules?: string[];
  /** Cache folder; default $GA_VM_WORK or <repo>/vm-work. */
  workDir?: string;
  /** Progress lines of the builder; default: written to stderr. */
  onProgress?: (line: string) => void;
}

const vmDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(vmDir, '../..');

/** The VM cache folder: $GA_VM_WORK, else <repo>/vm-work (git-ignored). */
export function vmWorkDir(): string {
  return process.env.GA_VM_WORK ?? join(repoDir, 'vm-work');
}

/**
 * Build (or reuse) the kernel + initramfs holding `bundles`, by running
 * tools/vm/scripts/build-image.sh. Images are cached per bundle set under
 * <work>/images/<key>/ and rebuilt only when an input's hash changed; the
 * kernel .deb and its extraction are cached in <work> too. First build
 * downloads ~71 MB and takes ~40 s; a cache hit takes ~1 s.
 */
export async function ensureImage(opts: EnsureImageOptions): Promise<VmImage> {
  const work = opts.workDir ?? vmWorkDir();
  const bundles = opts.bundles.map((b) => resolve(b));
  const names = bundles.map((b) => basename(dirname(b))).sort();
  const modules = [...(opts.modules ?? [])].sort();
  const keyText = bundles.sort().join('\n') + (modules.length > 0 ? `\nmodules=${modules.join(',')}` : '');
  const key = `${names.join('+') || 'base'}-${createHash('sha256').update(keyText).digest('hex').slice(0, 8)}`;
  const out = join(work, 'images', key);
  const progress = opts.onProgress ?? ((line: string) => process.stderr.write(`${line}\n`));
  await new Promise<void>((ok, fail) => {
    const child = spawn('bash', [join(vmDir, 'scripts/build-image.sh'), '--out', out, ...modules.flatMap((m) => ['--module', m]), ...bundles], {
      env: { ...process.env, GA_VM_WORK: work },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const onLine = (buf: Buffer): void => {
      for (const line of buf.toString().split('\n')) {
        if (line === '') continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (line.startsWith('[build-image')) progress(line);
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0
        ? ok()
        : fail(new Error(`tools/vm/scripts/build-image.sh failed (exit ${code}); its last output:\n${tail.join('\n')}`)),
    );
  });
  return { kernel: join(out, 'vmlinuz'), initrd: join(out, 'initrd') };
}
