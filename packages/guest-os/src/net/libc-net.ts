import koffi from 'koffi';

/** One getifaddrs(3) entry, decoded. */
export interface RawIfAddr {
  /** ifa_name; IPv4 entries carry the address label, so aliases read `eth0:1`. */
  name: string;
  /** ifa_flags (IFF_*). */
  flags: number;
  /** sa_family of ifa_addr (AF_INET 2, AF_INET6 10, AF_PACKET 17), or undefined without an address. */
  family?: number;
  /** Raw ifa_addr bytes (28 bytes of sockaddr storage, enough for sockaddr_in6). */
  addr?: Uint8Array;
  /** Raw ifa_netmask bytes, same layout. */
  netmask?: Uint8Array;
}

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
const SOCKADDR_BYTES = 28;

function errnoError(call: 'getifaddrs' | 'socket' | 'ioctl'): Error {
  const errno = koffi.errno();
  return Object.assign(new Error(`${call} failed (errno ${errno})`), { errno, call });
}

let real: NetSyscalls | undefined;

/** The real libc bindings, loaded on first use. */
export function realNetSyscalls(): NetSyscalls {
  if (real) return real;
  const lib = koffi.load('libc.so.6');
  const Ifaddrs = koffi.struct('ga_ifaddrs', {
    ifa_next: 'void *',
    ifa_name: 'const char *',
    ifa_flags: 'uint',
    ifa_addr: 'void *',
    ifa_netmask: 'void *',
    ifa_ifu: 'void *',
    ifa_data: 'void *',
  });
  const sockBytes = koffi.array('uint8_t', SOCKADDR_BYTES);
  const getifaddrs = lib.func('int getifaddrs(_Out_ void **ifap)');
  const freeifaddrs = lib.func('void freeifaddrs(void *ifa)');
  const socket = lib.func('int socket(int domain, int type, int protocol)');
  const ioctl = lib.func('int ioctl(int fd, unsigned long request, void *arg)');
  const close = lib.func('int close(int fd)');
  const bytes = (p: unknown): Uint8Array => Uint8Array.from(koffi.decode(p, sockBytes) as ArrayLike<number>);

  real = {
    getifaddrs() {
      const out: unknown[] = [null];
      if (getifaddrs(out) !== 0) throw errnoError('getifaddrs');
      const list: RawIfAddr[] = [];
      try {
        for (let p = out[0]; p; ) {
          const e = koffi.decode(p, Ifaddrs) as {
            ifa_next: unknown;
            ifa_name: string;
            ifa_flags: number;
            ifa_addr: unknown;
            ifa_netmask: unknown;
          };
          const entry: RawIfAddr = { name: e.ifa_name, flags: e.ifa_flags };
          if (e.ifa_addr) {
            entry.addr = bytes(e.ifa_addr);
            entry.family = entry.addr[0]! | (entry.addr[1]! << 8);
          }
          if (e.ifa_netmask) entry.netmask = bytes(e.ifa_netmask);
          list.push(entry);
          p = e.ifa_next;
        }
      } finally {
        freeifaddrs(out[0]);
      }
      return list;
    },
    hwaddr(name) {
      const fd = socket(AF_INET, SOCK_STREAM, 0) as number;
      if (fd < 0) throw errnoError('socket');
      try {
        // struct ifreq: char ifr_name[16]; struct sockaddr ifr_hwaddr (family + sa_data[14]); padded to 40.
        const ifr = Buffer.alloc(40);
        ifr.write(name.slice(0, 15), 0, 'utf8');
        if ((ioctl(fd, SIOCGIFHWADDR, ifr) as number) === -1) throw errnoError('ioctl');
        return Uint8Array.from(ifr.subarray(18, 24));
      } finally {
        close(fd);
      }
    },
  };
  return real;
}
