import { execFileSync } from 'node:child_process';

/** Host command -> the Debian package that provides it. */
const HOST_TOOLS: ReadonlyArray<readonly [command: string, pkg: string]> = [
  ['qemu-system-x86_64', 'qemu-system-x86'],
  ['busybox', 'busybox-static'],
  ['cpio', 'cpio'],
  ['lz4', 'lz4'],
  ['modinfo', 'kmod'],
  ['strip', 'binutils'],
  ['socat', 'socat'],
  ['mkfs.ext4', 'e2fsprogs'],
];

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The packages whose commands are missing on this host (empty when all are there). */
export function missingVmPackages(has: (cmd: string) => boolean = hasCommand): string[] {
  return HOST_TOOLS.filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg);
}

/**
 * Throws, with the exact install command, when a tool the VM tests need is
 * missing: the tests then fail instead of skipping.
 */
export function assertVmPrerequisites(has: (cmd: string) => boolean = hasCommand): void {
  const missing = missingVmPackages(has);
  if (missing.length > 0) {
    throw new Error(
      `VM tests need ${missing.join(', ')}: run (as root) apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
}
