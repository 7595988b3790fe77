/**
 * SSO credentials channel (ovirt-guest-agent.md §4.4): on `login` a random
 * token is announced to the greeter (the reference emitted
 * org.ovirt.vdsm.Credentials.UserAuthenticated(token) on the system bus),
 * and a UNIX socket waits a few seconds for one connection from an allowed
 * uid (checked with SO_PEERCRED, which the peer cannot forge), reads the
 * token and, if it matches, sends the credentials block. The block is
 * wiped when the attempt ends, whatever the outcome; nothing secret is logged.
 * The token is 128 bits of randomness instead of the reference's 6 digits.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { peerCredentials } from '@ga/transport/peer-credentials';
import { packCredentials } from './credentials-block.js';

export interface CredServerOptions {
  /** Socket path; '@name' = abstract namespace (the reference's "\0/tmp/ovirt-cred-channel"). */
  socket: string;
  timeoutMs: number;
  allowedUids: readonly number[];
  /** Tell the greeter side that credentials wait behind `token`. */
  announce: (token: string) => Promise<void>;
  log: { info(m: string): void; warn(m: string): void };
  /** For tests: who is connecting (default SO_PEERCRED). */
  peerUid?: (s: net.Socket) => number;
}

const socketAddress = (s: string): string => (s.startsWith('@') ? `\0${s.slice(1)}` : s);

/** One SSO attempt at a time; a second `login` while one waits is refused, as in the reference. */
export function credServer(o: CredServerOptions): (username: string, password: string) => Promise<void> {
  let busy = false;
  const uidOf = o.peerUid ?? ((s: net.Socket) => peerCredentials(s).uid);
  return async (username, password) => {
    if (busy) throw new Error('another SSO login is in progress');
    busy = true;
    const block = packCredentials(username, password);
    const token = randomBytes(16).toString('hex');
    const server = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketAddress(o.socket), () => resolve());
      });
      const served = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), o.timeoutMs);
        server.on('connection', (conn) => {
          let uid: number;
          try {
            uid = uidOf(conn);
          } catch {
            conn.destroy();
            return;
          }
          if (!o.allowedUids.includes(uid)) {
            o.log.warn(`SSO: refused a credentials request from uid ${uid}`);
            conn.destroy();
            return;
          }
          let got = Buffer.alloc(0);
          conn.on('error', () => undefined);
          conn.on('data', (d: Buffer) => {
            got = Buffer.concat([got, d]).subarray(0, 1024);
            const text = got.toString('latin1').replace(/\0+$/, '').trim();
            if (text.length < token.length) return;
            const a = Buffer.from(text);
            const b = Buffer.from(token);
            if (a.length === b.length && timingSafeEqual(a, b)) {
              conn.end(block, () => {
                clearTimeout(timer);
                resolve(true);
              });
            } else {
              o.log.warn('SSO: a wrong token was presented');
              conn.destroy();
            }
          });
        });
      });
      await o.announce(token);
      const ok = await served;
      o.log.info(ok ? 'SSO: credentials handed over' : 'SSO: nobody fetched the credentials in time');
    } finally {
      block.fill(0);
      server.close();
      busy = false;
    }
  };
}
