import os from 'node:os';
import { readOsRelease, type OsRelease, type OsReleaseDeps } from './os-release.js';

/** uname(2) facts plus os-release keys (qemu-ga's GuestOSInfo). */
export interface OsInfo extends OsRelease {
  kernelRelease?: string;
  kernelVersion?: string;
  machine?: string;
}

export interface OsInfoDeps extends OsReleaseDeps {
  uname: () => { release: string; version: string; machine: string };
}

const realUname = (): { release: string; version: string; machine: string } => ({
  release: os.release(),
  version: os.version(),
  machine: os.machine(),
});

/** Kernel release/version/machine from uname plus the os-release identification. */
export async function getOsInfo(deps: Partial<OsInfoDeps> = {}): Promise<OsInfo> {
  const info: OsInfo = {};
  try {
    const u = (deps.uname ?? realUname)();
    info.kernelRelease = u.release;
    info.kernelVersion = u.version;
    info.machine = u.machine;
  } catch {
    // qemu-ga sets an error but still fills os-release; the caller decides
  }
  return { ...info, ...(await readOsRelease(deps)) };
}
