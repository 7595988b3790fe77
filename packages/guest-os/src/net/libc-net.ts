import { libc, type RawIfAddr } from '@ga/native/libc';

/** The libc calls interface listing needs; injectable for tests. */
export interface NetSyscalls {
  /** getifaddrs(3) in list order; throws an Error with `errno` on failure. */
  getifaddrs(): RawIfAddr[];
  /**
   * SIOCGIFHWADDR on an AF_INET socket: the first 6 bytes of ifr_hwaddr.sa_data.
   * Throws an Error with `errno` and `call` ('socket' or 'ioctl') on failure.
   */
  hwaddr(name: string): Uint8Array;
}

const SIOCGIFHWADDR = 0x8927;
const AF_INET = 2;
const SOCK_STREAM = 1;

/** The real calls, through the shared libc binding (loaded on first use). */
export function realNetSyscalls(): NetSyscalls {
  return {
    getifaddrs: () => libc().getifaddrs(),
    hwaddr(name) {
      const fd = libc().socket(AF_INET, SOCK_STREAM, 0);
      try {
        // struct ifreq: char ifr_name[16]; struct sockaddr ifr_hwaddr (family + sa_data[14]); padded to 40.
        const ifr = Buffer.alloc(40);
        ifr.write(name.slice(0, 15), 0, 'utf8');
        libc().ioctlBuffer(fd, SIOCGIFHWADDR, ifr);
        return Uint8Array.from(ifr.subarray(18, 24));
      } finally {
        libc().close(fd);
      }
    },
  };
}
