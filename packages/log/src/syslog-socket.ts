/**
 * Lines to the local syslog socket (/dev/log, journald or rsyslog) as glibc's
 * syslog(3) writes them: `<PRI>Mmm dd hh:mm:ss IDENT: MESSAGE` over a UNIX
 * datagram socket (Node has none: koffi). Unlike syslog(3) a send never
 * blocks: with the receiver's queue full (journald stalled writing to a frozen
 * disk) the line is dropped and counted, because an agent that must answer
 * the thaw may not wait for the log. Unreachable socket: retried at most
 * every 10 s.
 */
import { existsSync } from 'node:fs';
import { socketCalls } from '@ga/native/socket-calls';
import { encodeSockaddrUn } from '@ga/native/sockaddr';

const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const MSG_DONTWAIT = 0x40;
const MSG_NOSIGNAL = 0x4000;
const RETRY_MS = 10_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** syslog(3) facilities used here. */
export const LOG_USER = 1 << 3;
export const LOG_DAEMON = 3 << 3;

export interface SyslogSink {
  /** Send one message at `severity` (0 emerg .. 7 debug). */
  send(severity: number, message: string): void;
  /** Lines dropped so far (socket absent or full). */
  readonly dropped: number;
  close(): void;
}

export interface SyslogOptions {
  ident: string;
  facility?: number;
  path?: string;
  /** Local time for the header, as syslog(3) prints it. */
  now?: () => Date;
}

/** The RFC 3164 header glibc writes: `<PRI>Mmm dd hh:mm:ss ` (day padded with a space). */
export function syslogHeader(pri: number, d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `<${pri}>${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} `;
}

export function openSyslog(opts: SyslogOptions): SyslogSink {
  const path = opts.path ?? '/dev/log';
  const facility = opts.facility ?? LOG_USER;
  const now = opts.now ?? (() => new Date());
  let fd = -1;
  let retryAt = 0;
  let dropped = 0;

  const connect = (): boolean => {
    if (fd >= 0) return true;
    if (Date.now() < retryAt) return false;
    // No syslog socket at all (containers, tests): a stat, not koffi (~2-3 MiB mapped for nothing).
    if (!existsSync(path)) {
      retryAt = Date.now() + RETRY_MS;
      return false;
    }
    const c = socketCalls();
    const s = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0) {
      retryAt = Date.now() + RETRY_MS;
      return false;
    }
    const addr = encodeSockaddrUn(path);
    if (c.connect(s, addr, addr.length) < 0) {
      c.close(s);
      retryAt = Date.now() + RETRY_MS;
      return false;
    }
    fd = s;
    return true;
  };

  return {
    send(severity, message) {
      if (!connect()) {
        dropped++;
        return;
      }
      const line = Buffer.from(`${syslogHeader(facility | severity, now())}${opts.ident}: ${message}`);
      const c = socketCalls();
      if (Number(c.send(fd, line, line.length, MSG_DONTWAIT | MSG_NOSIGNAL)) < 0) {
        dropped++;
        // ECONNREFUSED/ENOTCONN: the daemon restarted; reconnect next time. EAGAIN: just dropped.
        const errno = c.errno();
        if (errno !== 11) {
          c.close(fd);
          fd = -1;
        }
      }
    },
    get dropped() {
      return dropped;
    },
    close() {
      if (fd >= 0) socketCalls().close(fd);
      fd = -1;
    },
  };
}
