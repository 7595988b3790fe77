/**
 * One parser from "method + path" (qemu-ga's `-m/-p`, spice-vdagentd's `-s`,
 * the oVirt agent's config) to a {@link ChannelSpec}. Each app maps its own
 * CLI onto this; the method names and path rules are qemu-ga's (qemu-ga.md §3.1).
 * Pure: loads no native module.
 */
import { stat as fsStat } from 'node:fs/promises';
import type { ChannelMethod, ChannelSpec } from './channel.js';

/** Every method name the agents accept, in qemu-ga's order (+ unix-connect for spice-vdagentd). */
export const CHANNEL_METHODS: readonly ChannelMethod[] = [
  'virtio-serial',
  'isa-serial',
  'unix-listen',
  'vsock-listen',
  'unix-connect',
];

/** qemu-ga's isa-serial default device. */
export const DEFAULT_ISA_SERIAL_PATH = '/dev/ttyS0';

/** The host's CID: the only vsock peer accepted unless `allowAnyCid`. */
export const VMADDR_CID_HOST = 2;
/** Wildcard CID for binding (NixOS-style qemu-ga configs use it). */
export const VMADDR_CID_ANY = 0xffffffff;

export interface ParseChannelSpecOptions {
  /** vsock-listen only: accept peers other than CID 2 (tests, nested setups). */
  allowAnyCid?: boolean;
  /** isa-serial only: line speed; qemu-ga uses 38400. */
  baudRate?: number;
}

export function isChannelMethod(method: string): method is ChannelMethod {
  return (CHANNEL_METHODS as readonly string[]).includes(method);
}

/**
 * The path an agent uses when the user gave none: the agent's own virtio port
 * name for virtio-serial, /dev/ttyS0 for isa-serial, none for sockets (qemu-ga
 * then fails with "must specify a path for this channel").
 */
export function defaultPath(method: string, agentVirtioPath: string): string | undefined {
  if (method === 'virtio-serial') return agentVirtioPath;
  if (method === 'isa-serial') return DEFAULT_ISA_SERIAL_PATH;
  return undefined;
}

function parseU32(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 0xffffffff ? n : undefined;
}

/** Parse "CID:PORT" (decimal, 32-bit each) as qemu-ga's vsock path. */
export function parseVsockAddress(path: string): { cid: number; port: number } {
  const m = /^([^:]+):([^:]+)$/.exec(path);
  const cid = m ? parseU32(m[1]!) : undefined;
  const port = m ? parseU32(m[2]!) : undefined;
  if (cid === undefined || port === undefined) {
    throw new Error(
      `invalid vsock path "${path}": expected <cid>:<port> in decimal, e.g. ${VMADDR_CID_ANY}:1234 to listen on any CID`,
    );
  }
  return { cid, port };
}

/**
 * Build a ChannelSpec from a method name and a path, with qemu-ga's rules:
 * unknown method -> "unsupported channel method/type: X"; empty path -> "must
 * specify a path for this channel" (callers fill defaults with {@link defaultPath}).
 */
export function parseChannelSpec(method: string, path: string, opts: ParseChannelSpecOptions = {}): ChannelSpec {
  if (!isChannelMethod(method)) {
    throw new Error(`unsupported channel method/type: ${method} (use one of: ${CHANNEL_METHODS.join(', ')})`);
  }
  if (path === '') throw new Error(`must specify a path for this channel (method ${method})`);
  switch (method) {
    case 'virtio-serial':
    case 'unix-listen':
    case 'unix-connect':
      return { method, path };
    case 'isa-serial':
      return opts.baudRate === undefined ? { method, path } : { method, path, baudRate: opts.baudRate };
    case 'vsock-listen': {
      const { cid, port } = parseVsockAddress(path);
      return opts.allowAnyCid ? { method, cid, port, allowAnyCid: true } : { method, cid, port };
    }
  }
}

/**
 * spice-vdagentd's `-s PATH`: a virtio port device normally, but when PATH is
 * a unix socket (a test host or a socket-backed port) the daemon connects to
 * it. Decided by what the path is now; a missing path stays virtio-serial so
 * that opening it reports the missing port.
 */
export async function specForPortPath(
  path: string,
  stat: (p: string) => Promise<{ isSocket(): boolean }> = fsStat,
): Promise<ChannelSpec> {
  try {
    if ((await stat(path)).isSocket()) return { method: 'unix-connect', path };
  } catch {
    // fall through: open() explains a missing device
  }
  return { method: 'virtio-serial', path };
}
