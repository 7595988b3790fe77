/**
 * The uinput ioctls (linux/uinput.h, x86-64/arm64 numbering) and the device
 * seam they go through, so tests can record the exact sequence.
 *
 * UI_SET_*BIT take their argument by value, which @ga/native/libc's
 * `ioctlInt` (an `int *`, for FIFREEZE) cannot pass; the by-value
 * declaration lives here, bound through koffi on first use like every
 * native call in this package.
 */
import { open as fsOpen, close as fsClose, write as fsWrite } from 'node:fs';
import { constants } from 'node:fs';
import { createRequire } from 'node:module';
import { libc, ErrnoError } from '@ga/native/libc';

const U = 0x55;
const O_CLOEXEC = 0o2000000;
const IOC_WRITE = 1;
const ioc = (dir: number, nr: number, size: number): number => ((dir << 30) | (size << 16) | (U << 8) | nr) >>> 0;

/** struct uinput_setup: input_id (4 × u16), char name[80], u32 ff_effects_max. */
export const UINPUT_SETUP_SIZE = 92;
/** struct uinput_abs_setup: u16 code, 2 bytes padding, struct input_absinfo (6 × s32). */
export const UINPUT_ABS_SETUP_SIZE = 28;
export const UINPUT_MAX_NAME_SIZE = 80;

export const UI_DEV_CREATE = ioc(0, 1, 0);
export const UI_DEV_DESTROY = ioc(0, 2, 0);
export const UI_DEV_SETUP = ioc(IOC_WRITE, 3, UINPUT_SETUP_SIZE);
export const UI_ABS_SETUP = ioc(IOC_WRITE, 4, UINPUT_ABS_SETUP_SIZE);
export const UI_SET_EVBIT = ioc(IOC_WRITE, 100, 4);
export const UI_SET_KEYBIT = ioc(IOC_WRITE, 101, 4);
export const UI_SET_RELBIT = ioc(IOC_WRITE, 102, 4);
export const UI_SET_ABSBIT = ioc(IOC_WRITE, 103, 4);

export const BUS_VIRTUAL = 0x06;

/** What the tablet needs from the kernel; inject a recorder in tests. */
export interface UinputDevice {
  open(path: string): Promise<number>;
  /** ioctl with a by-value argument (or none). */
  ioctlValue(fd: number, request: number, arg: number): void;
  /** ioctl with a struct argument. */
  ioctlStruct(fd: number, request: number, arg: Buffer): void;
  write(fd: number, data: Buffer): Promise<void>;
  close(fd: number): Promise<void>;
}

type IoctlValueFn = (fd: number, request: number, arg: number) => number;
let ioctlValueFn: IoctlValueFn | undefined;
let koffiErrno: (() => number) | undefined;

function bindIoctlValue(): IoctlValueFn {
  if (ioctlValueFn) return ioctlValueFn;
  const koffi = createRequire(import.meta.url)('koffi') as {
    load: (name: string) => { func: (decl: string) => IoctlValueFn };
    errno: () => number;
  };
  ioctlValueFn = koffi.load('libc.so.6').func('int ioctl(int fd, unsigned long request, unsigned long arg)');
  koffiErrno = koffi.errno;
  return ioctlValueFn;
}

const writeAll = (fd: number, data: Buffer): Promise<void> =>
  new Promise((resolve, reject) => {
    fsWrite(fd, data, 0, data.length, null, (err, n) => {
      if (err) reject(err);
      else if (n !== data.length) reject(new Error(`short write: ${n} of ${data.length} bytes`));
      else resolve();
    });
  });

/** The real kernel: /dev/uinput opened read-write, ioctls through koffi. */
export const kernelUinput: UinputDevice = {
  open: (path) =>
    new Promise((resolve, reject) => fsOpen(path, constants.O_RDWR | O_CLOEXEC, (err, fd) => (err ? reject(err) : resolve(fd)))),
  ioctlValue(fd, request, arg) {
    const fn = bindIoctlValue();
    if (fn(fd, request, arg) < 0) throw new ErrnoError(koffiErrno!(), `ioctl(0x${request.toString(16)})`);
  },
  ioctlStruct(fd, request, arg) {
    libc().ioctlBuffer(fd, request, arg);
  },
  write: writeAll,
  close: (fd) => new Promise((resolve) => fsClose(fd, () => resolve())),
};
