import { closeSync, openSync } from 'node:fs';
import { libc } from '@ga/native/libc';

/** NVMe SMART / Health Information log (log page 0x02), as qemu-ga's GuestNVMeSmart. */
export interface NvmeSmart {
  criticalWarning: number;
  temperature: number;
  availableSpare: number;
  availableSpareThreshold: number;
  percentageUsed: number;
  /** 128-bit counters as [low 64 bits, high 64 bits]. */
  dataUnitsRead: [bigint, bigint];
  dataUnitsWritten: [bigint, bigint];
  hostReadCommands: [bigint, bigint];
  hostWriteCommands: [bigint, bigint];
  controllerBusyTime: [bigint, bigint];
  powerCycles: [bigint, bigint];
  powerOnHours: [bigint, bigint];
  unsafeShutdowns: [bigint, bigint];
  mediaErrors: [bigint, bigint];
  numberOfErrorLogEntries: [bigint, bigint];
}

const LOG_BYTES = 512;

/** Decodes the 512-byte SMART log (NVMe base spec, little-endian). */
export function parseSmartLog(log: Uint8Array): NvmeSmart {
  const b = Buffer.from(log.buffer, log.byteOffset, log.byteLength);
  const u128 = (at: number): [bigint, bigint] => [b.readBigUInt64LE(at), b.readBigUInt64LE(at + 8)];
  return {
    criticalWarning: b[0]!,
    temperature: b.readUInt16LE(1),
    availableSpare: b[3]!,
    availableSpareThreshold: b[4]!,
    percentageUsed: b[5]!,
    dataUnitsRead: u128(32),
    dataUnitsWritten: u128(48),
    hostReadCommands: u128(64),
    hostWriteCommands: u128(80),
    controllerBusyTime: u128(96),
    powerCycles: u128(112),
    powerOnHours: u128(128),
    unsafeShutdowns: u128(144),
    mediaErrors: u128(160),
    numberOfErrorLogEntries: u128(176),
  };
}

/** Fetches the raw SMART log of an NVMe device node; undefined when it cannot (qemu-ga then omits `smart`). */
export type SmartLogReader = (devnode: string) => Uint8Array | undefined;

/* struct nvme_admin_cmd (linux/nvme_ioctl.h) is 72 bytes; _IOWR('N', 0x41, …). */
const NVME_IOCTL_ADMIN_CMD = 0xc0484e41;
const ADMIN_GET_LOG_PAGE = 0x02;
const NSID_BROADCAST = 0xffffffff;
const LOG_SMART_INFO = 0x02;
const RAE = 1 << 15;

/**
 * GET LOG PAGE (SMART, all namespaces, retain async event) through the
 * admin passthrough ioctl, as qemu-ga 7.1+ does; needs root.
 */
export const readSmartLog: SmartLogReader = (devnode) => {
  let fd: number;
  try {
    fd = openSync(devnode, 'r');
  } catch {
    return undefined;
  }
  const data = libc().alloc(LOG_BYTES);
  try {
    const cmd = Buffer.alloc(72);
    cmd.writeUInt8(ADMIN_GET_LOG_PAGE, 0);
    cmd.writeUInt32LE(NSID_BROADCAST, 4);
    cmd.writeBigUInt64LE(data.address, 24);
    cmd.writeUInt32LE(LOG_BYTES, 36);
    cmd.writeUInt32LE((LOG_SMART_INFO | RAE | (((LOG_BYTES >> 2) - 1) << 16)) >>> 0, 40);
    // -1 (ioctl failed) throws; a positive NVMe status also means no log was read.
    if (libc().ioctlBuffer(fd, NVME_IOCTL_ADMIN_CMD, cmd) !== 0) return undefined;
    return data.read();
  } catch {
    return undefined;
  } finally {
    data.free();
    closeSync(fd);
  }
};
