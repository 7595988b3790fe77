/**
 * oVirt's set-number-of-cpus: bring the number of online logical CPUs to
 * `count` through sysfs, onlining the lowest-numbered offline CPUs or
 * offlining the highest-numbered ones that can be offlined (cpu0 usually
 * cannot). Built on the same sysfs access as qemu-ga's guest-set-vcpus.
 */
import type { RootedFs } from '../support/rooted-fs.js';
import { listVcpus, setVcpus } from './vcpus.js';

export interface SetOnlineResult {
  /** Online CPUs afterwards. */
  online: number;
  /** CPUs whose state was changed. */
  changed: number;
}

export async function setOnlineCpuCount(count: number, deps: { fs?: RootedFs } = {}): Promise<SetOnlineResult> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`set-number-of-cpus: count must be a positive integer, not ${count}`);
  const cpus = (await listVcpus(deps)).sort((a, b) => a.logicalId - b.logicalId);
  const online = cpus.filter((c) => c.online).length;
  let requests: { logicalId: number; online: boolean }[] = [];
  if (count > online) {
    requests = cpus.filter((c) => !c.online).slice(0, count - online).map((c) => ({ logicalId: c.logicalId, online: true }));
  } else if (count < online) {
    requests = cpus.filter((c) => c.online && c.canOffline).reverse().slice(0, online - count).map((c) => ({ logicalId: c.logicalId, online: false }));
  }
  const changed = requests.length === 0 ? 0 : await setVcpus(requests, deps);
  const delta = requests.slice(0, changed).reduce((n, r) => n + (r.online ? 1 : -1), 0);
  return { online: online + delta, changed };
}

/** Online logical CPUs, -1 when sysfs cannot tell (the reference's "unknown"). */
export async function onlineCpuCount(deps: { fs?: RootedFs } = {}): Promise<number> {
  try {
    return (await listVcpus(deps)).filter((c) => c.online).length;
  } catch {
    return -1;
  }
}
