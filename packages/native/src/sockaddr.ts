/**
 * sockaddr encodings (linux/vm_sockets.h, sys/un.h); host byte order, since
 * the kernel reads these fields natively. Pure, so the CID rule is testable
 * without AF_VSOCK.
 */
export const AF_UNIX = 1;
export const AF_VSOCK = 40;
export const SOCKADDR_VM_SIZE = 16;
const SUN_PATH_MAX = 108;

/** struct sockaddr_vm { u16 family; u16 reserved1; u32 port; u32 cid; u8 flags; u8 zero[3]; } */
export function encodeSockaddrVm(cid: number, port: number): Buffer {
  const b = Buffer.alloc(SOCKADDR_VM_SIZE);
  b.writeUInt16LE(AF_VSOCK, 0);
  b.writeUInt32LE(port >>> 0, 4);
  b.writeUInt32LE(cid >>> 0, 8);
  return b;
}

/** struct sockaddr_un { u16 family; char path[108]; } (NUL-terminated path). */
export function encodeSockaddrUn(path: string): Buffer {
  const p = Buffer.from(path);
  if (p.length >= SUN_PATH_MAX) throw new Error(`socket path too long (${p.length} bytes, max ${SUN_PATH_MAX - 1}): use a shorter path`);
  const b = Buffer.alloc(2 + SUN_PATH_MAX);
  b.writeUInt16LE(AF_UNIX, 0);
  p.copy(b, 2);
  return b;
}

export function sockaddrFamily(addr: Buffer): number {
  return addr.length >= 2 ? addr.readUInt16LE(0) : -1;
}

/** The peer CID of an AF_VSOCK address, or undefined for other families. */
export function sockaddrVmCid(addr: Buffer): number | undefined {
  return sockaddrFamily(addr) === AF_VSOCK && addr.length >= 12 ? addr.readUInt32LE(8) : undefined;
}

export function sockaddrVmPort(addr: Buffer): number | undefined {
  return sockaddrFamily(addr) === AF_VSOCK && addr.length >= 8 ? addr.readUInt32LE(4) : undefined;
}

/** The path of an AF_UNIX address ('' for unnamed/abstract). */
export function sockaddrUnPath(addr: Buffer, len: number = addr.length): string | undefined {
  if (sockaddrFamily(addr) !== AF_UNIX) return undefined;
  const raw = addr.subarray(2, Math.max(2, len));
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? raw.length : nul).toString();
}
