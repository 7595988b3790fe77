import type { RootedFs } from '../support/rooted-fs.js';

/**
 * The udev facts qemu-ga asks libudev for, read the way libudev does without
 * linking it: properties are the device's `uevent` variables plus the `E:`
 * lines of the udev database (/run/udev/data/b<major>:<minor> for block
 * devices), the device node is /dev/ + DEVNAME.
 */
export interface UdevDevice {
  /** e.g. "/dev/vda"; undefined when the device has no DEVNAME. */
  devnode?: string;
  properties: Map<string, string>;
}

function parseKeyValues(text: string, prefix: string, into: Map<string, string>): void {
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const eq = line.indexOf('=', prefix.length);
    if (eq < 0) continue;
    into.set(line.slice(prefix.length, eq), line.slice(eq + 1));
  }
}

/** Reads the udev view of the device at sysfs path `syspath` (a /sys/... path). Never throws. */
export async function udevDevice(fs: RootedFs, syspath: string): Promise<UdevDevice> {
  const properties = new Map<string, string>();
  try {
    parseKeyValues(await fs.readText(`${syspath}/uevent`), '', properties);
  } catch {
    // no uevent: no properties, no device node (libudev behaves the same)
  }
  const major = properties.get('MAJOR');
  const minor = properties.get('MINOR');
  if (major !== undefined && minor !== undefined) {
    const kind = syspath.includes('/block/') ? 'b' : 'c';
    try {
      parseKeyValues(await fs.readText(`/run/udev/data/${kind}${major}:${minor}`), 'E:', properties);
    } catch {
      // udevd not running or device not processed: uevent facts only
    }
  }
  const devname = properties.get('DEVNAME');
  const dev: UdevDevice = { properties };
  if (devname !== undefined && devname !== '') dev.devnode = devname.startsWith('/') ? devname : `/dev/${devname}`;
  return dev;
}
