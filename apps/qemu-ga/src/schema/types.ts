/**
 * Named QAPI types of the guest agent protocol (structs, enums, alternates),
 * re-expressed from the protocol reference (qemu-ga.md §2.2). Wire member
 * names are kept verbatim. Only flat data here; commands.ts uses these.
 */
import { alt, b64, bool, enumOf, int, int64, list, num, opt, str, struct, uint64 } from './dsl.js';
import type { OutOf } from './dsl.js';

// --- agent info -----------------------------------------------------------

export const GuestAgentCommandInfo = struct('GuestAgentCommandInfo', {
  name: str,
  enabled: bool,
  'success-response': bool,
});

export const GuestAgentInfo = struct('GuestAgentInfo', {
  version: str,
  supported_commands: list(GuestAgentCommandInfo),
});

// --- files ----------------------------------------------------------------

export const GuestFileRead = struct('GuestFileRead', { count: int, 'buf-b64': b64, eof: bool });
export const GuestFileWrite = struct('GuestFileWrite', { count: int, eof: bool });
export const GuestFileSeek = struct('GuestFileSeek', { position: int, eof: bool });

export const QGASeek = enumOf('QGASeek', ['set', 'cur', 'end']);
/** whence: a raw SEEK_* code (0/1/2) or a symbolic name. */
export const GuestFileWhence = alt('GuestFileWhence', int, QGASeek);

// --- fsfreeze / fstrim ----------------------------------------------------

export const GuestFsfreezeStatus = enumOf('GuestFsfreezeStatus', ['thawed', 'frozen']);

export const GuestFilesystemTrimResult = struct('GuestFilesystemTrimResult', {
  path: str,
  trimmed: opt(int),
  minimum: opt(int),
  error: opt(str),
});
export const GuestFilesystemTrimResponse = struct('GuestFilesystemTrimResponse', {
  paths: list(GuestFilesystemTrimResult),
});

// --- network --------------------------------------------------------------

export const GuestIpAddressType = enumOf('GuestIpAddressType', ['ipv4', 'ipv6']);
export const GuestIpAddress = struct('GuestIpAddress', {
  'ip-address': str,
  'ip-address-type': GuestIpAddressType,
  prefix: int,
});
export const GuestNetworkInterfaceStat = struct('GuestNetworkInterfaceStat', {
  'rx-bytes': uint64,
  'rx-packets': uint64,
  'rx-errs': uint64,
  'rx-dropped': uint64,
  'tx-bytes': uint64,
  'tx-packets': uint64,
  'tx-errs': uint64,
  'tx-dropped': uint64,
});
export const GuestNetworkInterface = struct('GuestNetworkInterface', {
  name: str,
  'hardware-address': opt(str),
  'ip-addresses': opt(list(GuestIpAddress)),
  statistics: opt(GuestNetworkInterfaceStat),
});
export const GuestNetworkRoute = struct('GuestNetworkRoute', {
  iface: str,
  destination: str,
  metric: int,
  gateway: opt(str),
  mask: opt(str),
  irtt: opt(int),
  flags: opt(uint64),
  refcnt: opt(int),
  use: opt(int),
  window: opt(int),
  mtu: opt(int),
  desprefixlen: opt(str),
  source: opt(str),
  srcprefixlen: opt(str),
  nexthop: opt(str),
  version: int,
});

// --- CPUs and memory ------------------------------------------------------

export const GuestLogicalProcessor = struct('GuestLogicalProcessor', {
  'logical-id': int,
  online: bool,
  'can-offline': opt(bool),
});
export const GuestMemoryBlock = struct('GuestMemoryBlock', {
  'phys-index': uint64,
  online: bool,
  'can-offline': opt(bool),
});
export const GuestMemoryBlockResponseType = enumOf('GuestMemoryBlockResponseType', [
  'success',
  'not-found',
  'operation-not-supported',
  'operation-failed',
]);
export const GuestMemoryBlockResponse = struct('GuestMemoryBlockResponse', {
  'phys-index': uint64,
  response: GuestMemoryBlockResponseType,
  'error-code': opt(int),
});
export const GuestMemoryBlockInfo = struct('GuestMemoryBlockInfo', { size: uint64 });

// --- disks and filesystems ------------------------------------------------

export const GuestDiskBusType = enumOf('GuestDiskBusType', [
  'ide',
  'fdc',
  'scsi',
  'virtio',
  'xen',
  'usb',
  'uml',
  'sata',
  'sd',
  'unknown',
  'ieee1394',
  'ssa',
  'fibre',
  'raid',
  'iscsi',
  'sas',
  'mmc',
  'virtual',
  'file-backed-virtual',
  'nvme',
]);
export const GuestPCIAddress = struct('GuestPCIAddress', { domain: int, bus: int, slot: int, function: int });
export const GuestCCWAddress = struct('GuestCCWAddress', { cssid: int, ssid: int, subchno: int, devno: int });
export const GuestDiskAddress = struct('GuestDiskAddress', {
  'pci-controller': GuestPCIAddress,
  'bus-type': GuestDiskBusType,
  bus: int,
  target: int,
  unit: int,
  serial: opt(str),
  dev: opt(str),
  'ccw-address': opt(GuestCCWAddress),
});
/** NVMe SMART/health log; 128-bit counters are split into -lo/-hi halves. */
export const GuestNVMeSmart = struct('GuestNVMeSmart', {
  type: enumOf('GuestDiskSmartType', ['nvme']),
  'critical-warning': int,
  temperature: int,
  'available-spare': int,
  'available-spare-threshold': int,
  'percentage-used': int,
  'data-units-read-lo': uint64,
  'data-units-read-hi': uint64,
  'data-units-written-lo': uint64,
  'data-units-written-hi': uint64,
  'host-read-commands-lo': uint64,
  'host-read-commands-hi': uint64,
  'host-write-commands-lo': uint64,
  'host-write-commands-hi': uint64,
  'controller-busy-time-lo': uint64,
  'controller-busy-time-hi': uint64,
  'power-cycles-lo': uint64,
  'power-cycles-hi': uint64,
  'power-on-hours-lo': uint64,
  'power-on-hours-hi': uint64,
  'unsafe-shutdowns-lo': uint64,
  'unsafe-shutdowns-hi': uint64,
  'media-errors-lo': uint64,
  'media-errors-hi': uint64,
  'number-of-error-log-entries-lo': uint64,
  'number-of-error-log-entries-hi': uint64,
});
export const GuestDiskInfo = struct('GuestDiskInfo', {
  name: str,
  partition: bool,
  dependencies: opt(list(str)),
  address: opt(GuestDiskAddress),
  alias: opt(str),
  smart: opt(GuestNVMeSmart),
});
export const GuestFilesystemInfo = struct('GuestFilesystemInfo', {
  name: str,
  mountpoint: str,
  type: str,
  'used-bytes': opt(uint64),
  'total-bytes': opt(uint64),
  'total-bytes-privileged': opt(uint64),
  disk: list(GuestDiskAddress),
});
export const GuestDiskStats = struct('GuestDiskStats', {
  'read-sectors': opt(uint64),
  'read-ios': opt(uint64),
  'read-merges': opt(uint64),
  'write-sectors': opt(uint64),
  'write-ios': opt(uint64),
  'write-merges': opt(uint64),
  'discard-sectors': opt(uint64),
  'discard-ios': opt(uint64),
  'discard-merges': opt(uint64),
  'flush-ios': opt(uint64),
  'read-ticks': opt(uint64),
  'write-ticks': opt(uint64),
  'discard-ticks': opt(uint64),
  'flush-ticks': opt(uint64),
  'ios-pgr': opt(uint64),
  'total-ticks': opt(uint64),
  'weight-ticks': opt(uint64),
});
export const GuestDiskStatsInfo = struct('GuestDiskStatsInfo', {
  name: str,
  major: int,
  minor: int,
  stats: GuestDiskStats,
});

// --- processes ------------------------------------------------------------

export const GuestExecCaptureOutputMode = enumOf('GuestExecCaptureOutputMode', [
  'none',
  'stdout',
  'stderr',
  'separated',
  'merged',
]);
/** capture-output: the 7.2 boolean (true = separated) or, since 8.0, a mode. */
export const GuestExecCaptureOutput = alt('GuestExecCaptureOutput', bool, GuestExecCaptureOutputMode);
export const GuestExec = struct('GuestExec', { pid: int });
export const GuestExecStatus = struct('GuestExecStatus', {
  exited: bool,
  exitcode: opt(int),
  signal: opt(int),
  'out-data': opt(b64),
  'err-data': opt(b64),
  'out-truncated': opt(bool),
  'err-truncated': opt(bool),
});

// --- system facts ---------------------------------------------------------

export const GuestHostName = struct('GuestHostName', { 'host-name': str });
export const GuestUser = struct('GuestUser', { user: str, 'login-time': num, domain: opt(str) });
export const GuestTimezone = struct('GuestTimezone', { zone: opt(str), offset: int });
export const GuestOSInfo = struct('GuestOSInfo', {
  'kernel-release': opt(str),
  'kernel-version': opt(str),
  machine: opt(str),
  id: opt(str),
  name: opt(str),
  'pretty-name': opt(str),
  version: opt(str),
  'version-id': opt(str),
  variant: opt(str),
  'variant-id': opt(str),
});
export const GuestLinuxCpuStats = struct('GuestLinuxCpuStats', {
  type: enumOf('GuestCpuStatsType', ['linux']),
  cpu: int,
  user: uint64,
  nice: uint64,
  system: uint64,
  idle: uint64,
  iowait: opt(uint64),
  irq: opt(uint64),
  softirq: opt(uint64),
  steal: opt(uint64),
  guest: opt(uint64),
  guestnice: opt(uint64),
});
export const GuestLoadAverage = struct('GuestLoadAverage', { load1m: num, load5m: num, load15m: num });
export const GuestDeviceIdPCI = struct('GuestDeviceIdPCI', {
  type: enumOf('GuestDeviceType', ['pci']),
  'vendor-id': int,
  'device-id': int,
});
export const GuestDeviceInfo = struct('GuestDeviceInfo', {
  'driver-name': str,
  'driver-date': opt(int64),
  'driver-version': opt(str),
  id: opt(GuestDeviceIdPCI),
});
export const GuestAuthorizedKeys = struct('GuestAuthorizedKeys', { keys: list(str) });

/** Output shapes handlers build, for convenience in handler modules. */
export type GuestNetworkInterfaceOut = OutOf<typeof GuestNetworkInterface>;
export type GuestDiskAddressOut = OutOf<typeof GuestDiskAddress>;
export type GuestFilesystemInfoOut = OutOf<typeof GuestFilesystemInfo>;
export type GuestExecStatusOut = OutOf<typeof GuestExecStatus>;
