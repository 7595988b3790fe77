/**
 * `-s PATH` -> channel spec. The reference daemon open()s the path and, when
 * that fails, connects to it as a UNIX stream socket (virtio-port.c; that is
 * how it runs without a VM, spice-vdagent.md §4.6). Deciding by file type
 * gives the same result without a failed open: a socket is connected to,
 * anything else is a virtio port.
 */
import { statSync } from 'node:fs';
import type { ChannelSpec } from '@ga/transport';
import { parseChannelSpec } from '@ga/transport/spec';

export function isSocketFile(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/** The channel for `-s PATH`, or for `--method/--path` when given (path defaults to `-s`). */
export function portSpec(portPath: string, method?: string, path?: string, isSocket: (p: string) => boolean = isSocketFile): ChannelSpec {
  if (method !== undefined) return parseChannelSpec(method, path ?? portPath);
  return parseChannelSpec(isSocket(portPath) ? 'unix-connect' : 'virtio-serial', portPath);
}
