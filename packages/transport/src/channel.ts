/**
 * The one contract every transport implements (the node-serialport
 * "bindings-interface" pattern): agents and framings are written against this
 * and never against a concrete channel. Types only; importing it loads nothing.
 */

/** Where the bytes go: one variant per transport method an agent accepts. */
export type ChannelSpec =
  | { method: 'virtio-serial'; path: string }
  | { method: 'isa-serial'; path: string; baudRate?: number }
  | { method: 'unix-listen'; path: string; /** inherited listening fd (systemd socket activation) */ fd?: number }
  | { method: 'unix-connect'; path: string }
  | {
      method: 'vsock-listen';
      cid: number;
      port: number;
      /** accept peers other than the host (CID 2); tests only */
      allowAnyCid?: boolean;
      /** inherited listening AF_VSOCK fd (systemd socket activation); cid/port are then informational */
      fd?: number;
    };

export type ChannelMethod = ChannelSpec['method'];

export interface ChannelEvents {
  /** Bytes from the host, in order. */
  data: [chunk: Buffer];
  /**
   * A new host session began: a client connected to a listening channel, or
   * (virtio-serial) the host side reappeared after a hang-up. Framings with
   * per-connection state reset it here.
   */
  connect: [];
  /** The host went away, where the transport can tell (not on a UART). */
  hangup: [];
  /**
   * The client half-closed (shutdown(SHUT_WR), e.g. `socat` at the end of its
   * stdin): no more input, but it still reads. Listening channels emit this
   * only when someone listens, and then keep the connection open until
   * `finish()` is called, so replies still being worked on reach the client;
   * with no listener the connection closes at once.
   */
  eof: [finish: () => void];
  /** A fatal channel error; the channel is closed after it. */
  error: [err: Error];
  /**
   * Something worth logging that the channel survives (a client dropped for
   * not reading, a refused vsock peer, a virtio port being reopened).
   */
  warning: [message: string];
}

export interface Channel {
  readonly spec: ChannelSpec;
  /**
   * True where the transport knows host sessions apart (unix, vsock):
   * each `connect` starts a clean byte stream. False for virtio-serial and
   * isa-serial, where the stream outlives host clients.
   */
  readonly sessionAware: boolean;
  /** Open the device or start listening. Rejects with a message saying what to do next. */
  open(): Promise<void>;
  /**
   * Queue bytes for the host. Writes go out one at a time, in call order.
   * Resolves once every byte was handed to the kernel; rejects when they
   * could not be (no client, client gone, write timeout): never partial and
   * silent.
   */
  write(data: Buffer): Promise<void>;
  /** Close everything; pending writes reject. Idempotent. */
  close(): Promise<void>;
  on<E extends keyof ChannelEvents>(event: E, listener: (...args: ChannelEvents[E]) => void): this;
  off<E extends keyof ChannelEvents>(event: E, listener: (...args: ChannelEvents[E]) => void): this;
}
