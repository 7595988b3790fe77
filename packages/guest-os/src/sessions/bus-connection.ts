/**
 * One D-Bus connection for a client: method calls that always settle (a
 * reply, an error, the bus closing, or a timeout; dbus-next itself leaves a
 * call pending forever when the socket closes) and one place that learns the
 * connection is gone. No reconnecting: the owner decides (no spinning on an
 * absent bus).
 */
import dbus from 'dbus-next';

export type BusMessage = dbus.Message;

/** libdbus's default reply timeout. */
export const DEFAULT_CALL_TIMEOUT_MS = 25_000;

export const DEFAULT_SYSTEM_BUS_ADDRESS = 'unix:path=/run/dbus/system_bus_socket';

export interface CallSpec {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

export interface BusConnection {
  /** This connection's unique name (":1.42"). */
  readonly name: string;
  call(spec: CallSpec): Promise<unknown[]>;
  /** Every message the bus delivers to us (signals included). */
  onMessage(fn: (msg: BusMessage) => void): void;
  /** Called once when the connection is lost (not after `close()`). */
  onLost(fn: (err: Error) => void): void;
  readonly closed: boolean;
  close(): void;
}

/** A D-Bus error reply's name ("org.freedesktop.login1.NoSessionForPID"), if `err` is one. */
export function dbusErrorName(err: unknown): string | undefined {
  return err instanceof dbus.DBusError ? err.type : undefined;
}

/** Connect and say Hello; rejects (never throws, never crashes) when the bus is absent or refuses us. */
export function openBus(address: string, callTimeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<BusConnection> {
  return new Promise((resolve, reject) => {
    let bus: dbus.MessageBus;
    try {
      // sessionBus() is dbus-next's "connect to this address"; systemBus() would ignore ours.
      bus = dbus.sessionBus({ busAddress: address, authMethods: ['EXTERNAL'] });
    } catch (e) {
      reject(new Error(`D-Bus: cannot connect to ${address}: ${(e as Error).message}`));
      return;
    }
    const pending = new Set<(err: Error) => void>();
    const lostListeners: Array<(err: Error) => void> = [];
    let connected = false;
    let closed = false;
    let lostErr: Error | undefined;

    const lose = (err: Error): void => {
      if (closed || lostErr) return;
      lostErr = err;
      for (const fail of [...pending]) fail(err);
      pending.clear();
      if (!connected) {
        reject(new Error(`D-Bus: cannot connect to ${address}: ${err.message}`));
        return;
      }
      for (const fn of lostListeners.splice(0)) fn(err);
    };
    bus.on('error', (err: unknown) => lose(err instanceof Error ? err : new Error(String(err))));
    // Internal but stable in 0.10: the socket, whose end dbus-next does not report.
    const stream = (bus as unknown as { _connection: { stream: NodeJS.EventEmitter } })._connection.stream;
    const onClose = (): void => lose(new Error('the bus closed the connection'));
    stream.on('close', onClose);

    const conn: BusConnection = {
      get name() {
        return (bus as unknown as { name: string }).name;
      },
      get closed() {
        return closed || lostErr !== undefined;
      },
      call(spec) {
        if (closed) return Promise.reject(new Error('D-Bus: connection closed'));
        if (lostErr) return Promise.reject(lostErr);
        return new Promise((res, rej) => {
          const fail = (err: Error): void => {
            clearTimeout(timer);
            pending.delete(fail);
            rej(err);
          };
          const timer = setTimeout(
            () => fail(new Error(`D-Bus: ${spec.interface}.${spec.member} got no reply in ${callTimeoutMs} ms`)),
            callTimeoutMs,
          );
          pending.add(fail);
          let msg: dbus.Message;
          try {
            msg = new dbus.Message({ ...spec, body: spec.body ?? [] });
          } catch (e) {
            fail(e as Error);
            return;
          }
          bus.call(msg).then(
            (reply) => {
              if (!pending.has(fail)) return;
              clearTimeout(timer);
              pending.delete(fail);
              res(reply?.body ?? []);
            },
            (err: unknown) => fail(err instanceof Error ? err : new Error(String(err))),
          );
        });
      },
      onMessage(fn) {
        bus.on('message', fn);
      },
      onLost(fn) {
        lostListeners.push(fn);
      },
      close() {
        if (closed) return;
        closed = true;
        const err = new Error('D-Bus: connection closed');
        for (const fail of [...pending]) fail(err);
        pending.clear();
        lostListeners.length = 0;
        bus.removeAllListeners('message');
        try {
          bus.disconnect();
        } catch {
          // already gone
        }
        stream.off('close', onClose);
        // Late socket errors after close are nobody's business; keep them from being unhandled.
        bus.on('error', () => {});
      },
    };
    bus.once('connect', () => {
      connected = true;
      resolve(conn);
    });
  });
}
