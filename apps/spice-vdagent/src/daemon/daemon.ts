/**
 * spice-vdagentd's core: the virtio port on one side (VDAgent messages in
 * chunks, @ga/framing's codec), session agents on the other (udscs), and the
 * routing, capability and serial rules of spice-vdagentd 0.22.1 between them
 * (spice-vdagent.md §3). Deliberate differences: MONITORS_CONFIG with
 * PHYSICAL_SIZE is accepted and every MONITORS_CONFIG gets a REPLY (ERROR
 * when malformed); the port is used from the start, so client-mouse mode
 * works without a session agent (geometry from the last monitors config);
 * capabilities are re-announced after every re-open or framing reset.
 */
import { VDP_CLIENT_PORT, capsWords, hasCap, messageType } from '@ga/framing/spice-messages';
import type { CapName } from '@ga/framing/spice-messages';
import { decodeHeader } from '@ga/framing/spice-codec';
import type { AgentMessage, CodecContext } from '@ga/framing/spice-codec';
import { SpiceStreamDecoder, encodeSpiceMessage } from '@ga/framing/spice-stream';
import type { LoginSession, Sessions } from '@ga/guest-os/sessions/types';
import type { PointerDevice, PointerFactory } from '@ga/guest-os/input/pointer';
import type { Log } from '@ga/log/log';
import type { Channel } from '@ga/transport';
import { decodeScreens, decodeTypes, encodeTypes } from '@ga/framing/udscs';
import { UDSCS, VDAGENTD_VERSION, udscsName } from '@ga/framing/udscs-protocol';
import type { ScreenInfo, UdscsMessage } from '@ga/framing/udscs-protocol';
import {
  CLIPBOARD_NONE, FILE_XFER_STATUS, G_IO_ERROR_TOO_MANY_OPEN_FILES, SELECTION_COUNT, VD_AGENT_ERROR, VD_AGENT_SUCCESS, XFER_ERROR_GLIB_IO,
} from './constants.js';
import { FileXfers, MAX_ACTIVE_TRANSFERS } from './file-xfers.js';
import { monitorsGeometry, sessionMonitorsConfig } from './monitors.js';
import { MouseTracker } from './mouse.js';
import type { MouseState } from './mouse.js';
import { RateLimitedLog } from './rate-limited-log.js';
import type { ListenSessionSocket, SessionConnection, SessionServer } from './session-server.js';

/** What spice-vdagentd 0.22.1 announces: 0x00038de7 (V1). */
export const DAEMON_CAPS: readonly CapName[] = [
  'MOUSE_STATE', 'MONITORS_CONFIG', 'REPLY', 'CLIPBOARD_BY_DEMAND', 'CLIPBOARD_SELECTION', 'SPARSE_MONITORS_CONFIG',
  'GUEST_LINEEND_LF', 'MAX_CLIPBOARD', 'AUDIO_VOLUME_SYNC', 'GRAPHICS_DEVICE_INFO', 'CLIPBOARD_NO_RELEASE_ON_REGRAB', 'CLIPBOARD_GRAB_SERIAL',
];
const OUR_CAPS = capsWords(DAEMON_CAPS);

export interface DaemonOptions {
  /** `-d` count: 2 also traces mouse events. */
  debug: number;
  /** `-o`: exit after the first port session ends. */
  onlyOnce: boolean;
  /** Version string sent to session agents (default the reference's, so its agent does not re-exec). */
  version?: string;
  /**
   * Largest host message (header + payload) reassembled; a bigger one is skipped
   * without buffering it. Default spice-gtk's 100 MiB max-clipboard plus the header.
   */
  maxHostMessageSize?: number;
}

export interface DaemonDeps {
  log: Log;
  options: DaemonOptions;
  /** logind; undefined with `-X` (one session agent, no session checks). */
  sessions?: Sessions;
  /** Opens the absolute pointer for a desktop size (uinput tablet, or `-f` raw events). */
  input: PointerFactory;
  listenSessionSocket: ListenSessionSocket;
  /** The daemon wants to end (`-o`, a fatal port error); main stops it and exits with `code`. */
  onExit?: (code: number, why: string) => void;
}

export interface RunningDaemon {
  /** Release guest-owned selections, close the pointer and the session socket (the caller closes the port). */
  stop(): Promise<void>;
}

/** What the daemon needs of its port: writes, plus the port's events fed to it (see portEvents). */
export interface DaemonPort {
  write(data: Buffer): Promise<void>;
}

/** The port's events, as @ga/transport/channel-life delivers them. */
export interface PortEvents {
  /** A port was opened (first open, and every reopen after a failure): announce capabilities where no host session event will come. */
  onOpen(channel: { readonly sessionAware: boolean }): void;
  onData(chunk: Buffer): void;
  onConnect(): void;
  onHangup(): void;
}

interface Agent {
  readonly conn: SessionConnection;
  /** logind session, when tracking sessions. */
  session: LoginSession | undefined;
  /** Accepted: peer checks done and VERSION sent. */
  accepted: boolean;
  pending: UdscsMessage[];
  width: number;
  height: number;
  screens: ScreenInfo[] | undefined;
}

const T = (name: string): number => messageType(name);

/**
 * The daemon on a Channel it opens itself (tests and tools): the events
 * wired to the channel, then the channel opened. The binary runs the daemon
 * on the shared channel life cycle instead (createDaemon + startChannel).
 */
export async function startDaemon(port: Channel, deps: DaemonDeps): Promise<RunningDaemon> {
  const d = await createDaemon(port, deps);
  const onError = (err: Error): void => {
    deps.log.error(`port failed: ${err.message}`);
    deps.onExit?.(1, 'port failed');
  };
  const onWarning = (msg: string): void => deps.log.warn(msg);
  port.on('data', d.events.onData).on('connect', d.events.onConnect).on('hangup', d.events.onHangup).on('error', onError).on('warning', onWarning);
  await port.open();
  d.events.onOpen(port);
  return {
    async stop() {
      port.off('data', d.events.onData).off('connect', d.events.onConnect).off('hangup', d.events.onHangup).off('error', onError).off('warning', onWarning);
      await d.stop();
    },
  };
}

/** The daemon: session socket and session tracking started; the port is fed through `events`. */
export async function createDaemon(port: DaemonPort, deps: DaemonDeps): Promise<RunningDaemon & { events: PortEvents }> {
  const { log, options, sessions } = deps;
  const limited = new RateLimitedLog(log);
  const version = options.version ?? VDAGENTD_VERSION;
  const decoder = new SpiceStreamDecoder({ ourCaps: OUR_CAPS, maxMessageSize: options.maxHostMessageSize });
  const agents = new Set<Agent>();
  const xfers = new FileXfers<Agent>();
  const mouse = new MouseTracker();
  const serial = [0, 0, 0];
  const agentOwns = [false, false, false];
  let active: Agent | undefined;
  let activeSession: LoginSession | undefined;
  let clientConnected = false;
  // Set by onOpen: whether the port knows host sessions apart (sockets) or not (a virtio port).
  let sessionAware = true;
  let hostPresent = false;
  let sawHangup = false;
  let maxClipboard = -1;
  /** The last valid MONITORS_CONFIG in the form session agents take (8 + 20·n). */
  let monConfig: Buffer | undefined;
  let monitorScreens: { width: number; height: number; screens: ScreenInfo[] } | undefined;
  let deviceInfo: Buffer | undefined;
  let pointer: PointerDevice | undefined;
  let pointerChain: Promise<void> = Promise.resolve();
  let stopped = false;

  const clientCaps = (): readonly number[] => decoder.peerCaps ?? [];
  const clientHas = (cap: CapName): boolean => hasCap(clientCaps(), cap);
  const ctx = (): CodecContext => decoder.context;

  // ---- host side -------------------------------------------------------

  const sendHost = (type: string, fields: Record<string, unknown>, chunkPort = VDP_CLIENT_PORT): void => {
    let bytes: Buffer;
    try {
      bytes = encodeSpiceMessage(chunkPort, { type: T(type), fields }, ctx());
    } catch (err) {
      log.error(`cannot encode ${type}: ${(err as Error).message}`);
      return;
    }
    port.write(bytes).catch((err: Error) => limited.warn('port-write', `${type} not delivered: ${err.message}`));
  };

  const sendCaps = (request: 0 | 1): void => sendHost('ANNOUNCE_CAPABILITIES', { request, caps: OUR_CAPS });

  const sendXferStatus = (id: number, result: number, detail: Buffer = Buffer.alloc(0), why?: string): void => {
    // Results after SUCCESS exist only for clients that announced them.
    if (result > FILE_XFER_STATUS.SUCCESS && !clientHas('FILE_XFER_DETAILED_ERRORS')) {
      result = FILE_XFER_STATUS.ERROR;
      detail = Buffer.alloc(0);
    }
    if (why) log.warn(`file transfer ${id}: ${why}`);
    sendHost('FILE_XFER_STATUS', { id, result, data: detail });
  };

  const broadcast = (type: number): void => {
    for (const a of agents) if (a.accepted) a.conn.send(type);
  };

  const clientDisconnect = (): void => {
    xfers.clear();
    if (clientConnected) {
      broadcast(UDSCS.CLIENT_DISCONNECTED);
      clientConnected = false;
    }
  };

  const onHostCaps = (m: AgentMessage): void => {
    if (m.fields.request) {
      clientDisconnect();
      log.debug('new client connected');
      clientConnected = true;
      serial.fill(0);
      sendCaps(0);
    }
  };

  const onMonitorsConfig = (m: AgentMessage, payload: Buffer, chunkPort: number): void => {
    monConfig = sessionMonitorsConfig(payload, m.fields.num_of_monitors as number);
    monitorScreens = monitorsGeometry(m.fields);
    if (active?.accepted) active.conn.send(UDSCS.MONITORS_CONFIG, 0, 0, monConfig);
    sendHost('REPLY', { type: T('MONITORS_CONFIG'), error: VD_AGENT_SUCCESS }, chunkPort);
    updateGeometry();
  };

  const onHostClipboard = (m: AgentMessage, c: CodecContext): void => {
    if (!active?.accepted) {
      limited.warn('no-agent-clipboard', 'no session agent in the active session: ignoring the client clipboard message');
      return;
    }
    const sel = c.selection ? (m.fields.selection as number) : 0;
    if (sel >= SELECTION_COUNT) {
      limited.warn('bad-selection', `client clipboard message for selection ${sel} dropped`);
      return;
    }
    switch (m.name) {
      case 'CLIPBOARD_GRAB': {
        if (c.serial) {
          const s = m.fields.serial as number;
          if (s === ((serial[sel]! - 1) >>> 0)) log.debug('client grab wins');
          else if (s === serial[sel]) serial[sel] = (serial[sel]! + 1) >>> 0;
          else {
            log.debug(`grab discarded: serial ${s} != session serial ${serial[sel]}`);
            return;
          }
        }
        agentOwns[sel] = false;
        active.conn.send(UDSCS.CLIPBOARD_GRAB, sel, 0, encodeTypes(m.fields.types as number[]));
        break;
      }
      case 'CLIPBOARD_REQUEST':
        active.conn.send(UDSCS.CLIPBOARD_REQUEST, sel, m.fields.type as number);
        break;
      case 'CLIPBOARD':
        active.conn.send(UDSCS.CLIPBOARD_DATA, sel, m.fields.type as number, m.fields.data as Buffer);
        break;
      case 'CLIPBOARD_RELEASE':
        active.conn.send(UDSCS.CLIPBOARD_RELEASE, sel);
        break;
    }
  };

  const onHostFileXfer = (m: AgentMessage, payload: Buffer): void => {
    const id = m.fields.id as number;
    let udscsType: number;
    if (m.name === 'FILE_XFER_START') {
      if (!active?.accepted) return sendXferStatus(id, FILE_XFER_STATUS.VDAGENT_NOT_CONNECTED, undefined, 'no session agent in the active session');
      if (sessions && activeSession?.locked) return sendXferStatus(id, FILE_XFER_STATUS.SESSION_LOCKED, undefined, 'the session is locked');
      if (xfers.size >= MAX_ACTIVE_TRANSFERS) {
        const detail = Buffer.alloc(5);
        detail.writeUInt8(XFER_ERROR_GLIB_IO, 0);
        detail.writeUInt32LE(G_IO_ERROR_TOO_MANY_OPEN_FILES, 1);
        return sendXferStatus(id, FILE_XFER_STATUS.ERROR, clientHas('FILE_XFER_DETAILED_ERRORS') ? detail : undefined, 'too many transfers');
      }
      if (xfers.has(id)) return sendXferStatus(id, FILE_XFER_STATUS.ERROR, undefined, 'id already in use');
      xfers.add(id, active);
      udscsType = UDSCS.FILE_XFER_START;
    } else {
      udscsType = m.name === 'FILE_XFER_STATUS' ? UDSCS.FILE_XFER_STATUS : UDSCS.FILE_XFER_DATA;
    }
    const owner = xfers.owner(id);
    if (!owner) {
      log.debug(`file transfer ${id} unknown (cancelled?)`);
      return;
    }
    owner.conn.send(udscsType, 0, 0, payload);
    if (m.name === 'FILE_XFER_STATUS') xfers.remove(id);
  };

  const forwardToActive = (type: number, payload: Buffer): void => {
    if (active?.accepted) active.conn.send(type, 0, 0, payload);
    else log.debug(`no active session agent: ${udscsName(type)} not forwarded`);
  };

  const onHostMessage = (chunkPort: number, m: AgentMessage, bytes: Buffer, c: CodecContext): void => {
    const payload = bytes.subarray(20);
    switch (m.name) {
      case 'ANNOUNCE_CAPABILITIES':
        return onHostCaps(m);
      case 'MONITORS_CONFIG':
        return onMonitorsConfig(m, payload, chunkPort);
      case 'MOUSE_STATE':
        return onMouse(m.fields as unknown as MouseState);
      case 'CLIPBOARD_GRAB':
      case 'CLIPBOARD_REQUEST':
      case 'CLIPBOARD':
      case 'CLIPBOARD_RELEASE':
        return onHostClipboard(m, c);
      case 'FILE_XFER_START':
      case 'FILE_XFER_STATUS':
      case 'FILE_XFER_DATA':
        return onHostFileXfer(m, payload);
      case 'CLIENT_DISCONNECTED':
        // As the reference: the client's half-sent message will never be finished.
        decoder.resetPort(VDP_CLIENT_PORT);
        return clientDisconnect();
      case 'MAX_CLIPBOARD':
        maxClipboard = m.fields.max as number;
        log.debug(`max clipboard: ${maxClipboard}`);
        return;
      case 'GRAPHICS_DEVICE_INFO':
        deviceInfo = Buffer.from(payload);
        return forwardToActive(UDSCS.GRAPHICS_DEVICE_INFO, payload);
      case 'AUDIO_VOLUME_SYNC':
        return forwardToActive(UDSCS.AUDIO_VOLUME_SYNC, payload);
      default:
        // DISPLAY_CONFIG (never announced) and REPLY carry nothing for a Linux guest.
        log.debug(`ignored ${m.name} on port ${chunkPort}`);
    }
  };

  const onPortData = (data: Buffer): void => {
    for (const ev of decoder.push(data)) {
      if (ev.kind === 'message') {
        if (options.debug > 1 || ev.message.name !== 'MOUSE_STATE') log.debug(`<- ${ev.message.name} on port ${ev.port}`);
        onHostMessage(ev.port, ev.message, ev.bytes, ev.context);
      } else if (ev.kind === 'invalid') {
        limited.warn(`invalid-${ev.port}`, `dropped a message on port ${ev.port}: ${ev.error}`);
        const header = ev.bytes ? decodeHeader(ev.bytes) : undefined;
        // A malformed MONITORS_CONFIG still gets its answer, so the client does not wait for one.
        if (header && header.protocol === 1 && header.type === T('MONITORS_CONFIG')) {
          sendHost('REPLY', { type: T('MONITORS_CONFIG'), error: VD_AGENT_ERROR }, ev.port);
        }
      } else {
        log.warn(`port stream reset: ${ev.reason}`);
        // The reference closes and re-opens the port here; the host learns we are back.
        sendCaps(1);
      }
    }
  };

  const onPortConnect = (): void => {
    hostPresent = true;
    // On a virtio port the first `connect` is the host's first byte, right after the announce at open.
    if (!sessionAware && !sawHangup) return;
    decoder.reset();
    clientDisconnect();
    log.info('host connected: announcing capabilities');
    sendCaps(1);
  };

  const onPortHangup = (): void => {
    sawHangup = true;
    if (sessionAware) hostPresent = false;
    log.info('host disconnected');
    if (options.onlyOnce) deps.onExit?.(0, '-o: the port session ended');
  };

  const onPortOpen = (channel: { readonly sessionAware: boolean }): void => {
    sessionAware = channel.sessionAware;
    if (sessionAware) return; // its `connect` event starts the host session (it may already have come)
    hostPresent = true;
    sawHangup = false;
    decoder.reset();
    // A virtio port has no host session event: announce now, and again after every reopen, like the reference.
    if (!sessionAware) {
      log.info('port open: announcing capabilities');
      sendCaps(1);
    }
  };

  // ---- pointer ---------------------------------------------------------

  const geometry = (): { width: number; height: number; screens: ScreenInfo[] } | undefined => {
    if (active?.accepted && active.screens) return { width: active.width, height: active.height, screens: active.screens };
    return monitorScreens;
  };

  const runPointer = (job: () => Promise<void>): void => {
    pointerChain = pointerChain.then(job).catch((err: Error) => {
      limited.error('pointer', `pointer device failed: ${err.message}`);
      const p = pointer;
      pointer = undefined;
      return p?.close().catch(() => undefined);
    });
  };

  /** The size a pointer could not be opened for: not retried until the geometry changes. */
  let pointerFailedFor: string | undefined;

  const ensurePointer = async (): Promise<void> => {
    if (stopped) return;
    const g = geometry();
    if (!g || g.width <= 0 || g.height <= 0) return;
    if (pointer && pointer.width === g.width && pointer.height === g.height) return;
    const size = `${g.width}x${g.height}`;
    if (pointerFailedFor === size) return;
    const old = pointer;
    pointer = undefined;
    await old?.close();
    mouse.reset();
    try {
      pointer = await deps.input(g.width, g.height);
      pointerFailedFor = undefined;
      log.debug(`pointer device ${size}`);
    } catch (err) {
      pointerFailedFor = size;
      throw err;
    }
  };

  const updateGeometry = (): void => runPointer(ensurePointer);

  const onMouse = (m: MouseState): void => {
    if (!geometry()) {
      limited.warn('no-geometry', 'mouse event before any screen geometry (no session agent, no monitors config): dropped');
      return;
    }
    runPointer(async () => {
      await ensurePointer();
      const g = geometry();
      if (!pointer || !g) return;
      const events = mouse.events(m, g.screens);
      if (typeof events === 'string') return limited.warn('mouse-monitor', events);
      if (options.debug > 1) log.debug(`mouse ${m.x},${m.y} buttons 0x${m.buttons.toString(16)} display ${m.display_id}`);
      await pointer.send(events);
    });
  };

  // ---- session agents --------------------------------------------------

  const releaseClipboards = (): void => {
    for (let sel = 0; sel < 2; sel++) {
      if (agentOwns[sel] && hostPresent && (sel === 0 || ctx().selection)) sendHost('CLIPBOARD_RELEASE', { selection: sel });
      agentOwns[sel] = false;
    }
  };

  const updateActive = (): void => {
    let next: Agent | undefined;
    const accepted = [...agents].filter((a) => a.accepted);
    if (sessions) {
      const mine = activeSession ? accepted.filter((a) => a.session?.id === activeSession!.id) : [];
      next = mine.length === 1 ? mine[0] : undefined;
    } else if (accepted.length === 1) {
      next = accepted[0];
    } else if (accepted.length > 1) {
      limited.error('multi-agent', 'more than one session agent without session tracking (-X): disabling them to avoid an information leak');
    }
    if (next === active) return;
    active = next;
    log.debug(next ? `session agent ${next.conn.id} is now the active one` : 'no active session agent');
    if (next && sessions && next.session?.class !== 'user') {
      log.debug('the active session is not a user session: file transfer disabled');
      next.conn.send(UDSCS.FILE_XFER_DISABLE);
    }
    if (next && monConfig) next.conn.send(UDSCS.MONITORS_CONFIG, 0, 0, monConfig);
    releaseClipboards();
    updateGeometry();
  };

  const dropAgent = (a: Agent, why: string): void => {
    log.error(`session agent ${a.conn.id}: ${why}: disconnecting it`);
    a.conn.destroy();
  };

  const onAgentClipboard = (a: Agent, msg: UdscsMessage): void => {
    const sel = msg.arg1;
    const refuse = (why: string): void => {
      log.debug(`session agent clipboard ${udscsName(msg.type)} refused: ${why}`);
      // A refused request is answered here, so the guest application does not wait forever.
      if (msg.type === UDSCS.CLIPBOARD_REQUEST) a.conn.send(UDSCS.CLIPBOARD_DATA, sel, CLIPBOARD_NONE);
    };
    if (!clientHas('CLIPBOARD_BY_DEMAND')) return refuse('the client has no clipboard support');
    if (a !== active) return refuse('not the active session agent');
    if (!hostPresent) return refuse('no client connection');
    if (sel >= SELECTION_COUNT || (sel !== 0 && !clientHas('CLIPBOARD_SELECTION'))) return refuse(`selection ${sel} not supported`);
    const c = ctx();
    switch (msg.type) {
      case UDSCS.CLIPBOARD_GRAB: {
        agentOwns[sel] = true;
        const fields: Record<string, unknown> = { selection: sel, types: decodeTypes(msg.data) };
        if (c.serial) {
          fields.serial = serial[sel];
          serial[sel] = (serial[sel]! + 1) >>> 0;
        }
        return sendHost('CLIPBOARD_GRAB', fields);
      }
      case UDSCS.CLIPBOARD_REQUEST:
        if (msg.data.length > 0) return dropAgent(a, 'unexpected data in a clipboard request');
        return sendHost('CLIPBOARD_REQUEST', { selection: sel, type: msg.arg2 });
      case UDSCS.CLIPBOARD_DATA:
        if (maxClipboard !== -1 && msg.data.length > maxClipboard) {
          log.warn(`clipboard is too large (${msg.data.length} > ${maxClipboard}): sending none`);
          return sendHost('CLIPBOARD', { selection: sel, type: msg.arg2, data: Buffer.alloc(0) });
        }
        return sendHost('CLIPBOARD', { selection: sel, type: msg.arg2, data: msg.data });
      case UDSCS.CLIPBOARD_RELEASE:
        if (msg.data.length > 0) return dropAgent(a, 'unexpected data in a clipboard release');
        agentOwns[sel] = false;
        return sendHost('CLIPBOARD_RELEASE', { selection: sel });
    }
  };

  const onAgentXferStatus = (a: Agent, msg: UdscsMessage): void => {
    const id = msg.arg1;
    // Only the agent the transfer was given to may answer for it; others are ignored, not dropped.
    if (xfers.owner(id) !== a) return;
    let detail = Buffer.alloc(0);
    let why: string | undefined;
    if (msg.arg2 === FILE_XFER_STATUS.NOT_ENOUGH_SPACE) {
      if (msg.data.length >= 8) detail = Buffer.from(msg.data.subarray(0, 8));
      why = 'not enough free space';
    } else if (msg.arg2 === FILE_XFER_STATUS.DISABLED) {
      why = 'file transfer is disabled';
    }
    sendXferStatus(id, msg.arg2, detail, why);
    if (msg.arg2 !== FILE_XFER_STATUS.CAN_SEND_DATA) xfers.remove(id);
  };

  const onAgentMessage = (a: Agent, msg: UdscsMessage): void => {
    log.debug(`session agent ${a.conn.id}: ${udscsName(msg.type)} arg1 ${msg.arg1} arg2 ${msg.arg2} size ${msg.data.length}`);
    switch (msg.type) {
      case UDSCS.GUEST_XORG_RESOLUTION: {
        if (msg.arg1 === 0 && msg.arg2 === 0) {
          log.info('resolution message from an old session agent: ignored');
          return;
        }
        const screens = decodeScreens(msg.data);
        if (!screens) return dropAgent(a, 'resolution message has the wrong size');
        a.width = msg.arg1;
        a.height = msg.arg2;
        a.screens = screens;
        if (a === active) updateGeometry();
        return;
      }
      case UDSCS.CLIPBOARD_GRAB:
      case UDSCS.CLIPBOARD_REQUEST:
      case UDSCS.CLIPBOARD_DATA:
      case UDSCS.CLIPBOARD_RELEASE:
        return onAgentClipboard(a, msg);
      case UDSCS.FILE_XFER_STATUS:
        return onAgentXferStatus(a, msg);
      default:
        log.error(`unknown message from a session agent: ${msg.type}, ignoring`);
    }
  };

  const acceptAgent = async (a: Agent): Promise<void> => {
    if (sessions) {
      const peer = a.conn.peer;
      if (!peer || peer.pid <= 0) return dropAgent(a, 'cannot read its pid');
      let session: LoginSession | undefined;
      try {
        session = await sessions.sessionOfPid(peer.pid);
      } catch (err) {
        return dropAgent(a, `no logind session for pid ${peer.pid}: ${(err as Error).message}`);
      }
      if (!agents.has(a)) return;
      if (!session) return dropAgent(a, `pid ${peer.pid} belongs to no login session`);
      // Another user's agent must not read this session's clipboard (CVE-2020-25650..25653).
      if (peer.uid !== 0 && peer.uid !== session.uid) return dropAgent(a, `uid ${peer.uid} is not the session owner's (${session.uid})`);
      if ([...agents].some((o) => o !== a && o.accepted && o.session?.id === session!.id)) return dropAgent(a, `an agent is already connected for session ${session.id}`);
      a.session = session;
    }
    a.accepted = true;
    a.conn.send(UDSCS.VERSION, 0, 0, Buffer.from(`${version}\0`));
    updateActive();
    if (deviceInfo && a === active) a.conn.send(UDSCS.GRAPHICS_DEVICE_INFO, 0, 0, deviceInfo);
    for (const msg of a.pending.splice(0)) if (agents.has(a)) onAgentMessage(a, msg);
  };

  const refreshActiveSession = async (): Promise<void> => {
    if (!sessions) return;
    try {
      activeSession = await sessions.active('seat0');
    } catch (err) {
      limited.warn('active-session', `cannot read the active session: ${(err as Error).message}`);
      activeSession = undefined;
    }
    updateActive();
  };

  // ---- wiring ----------------------------------------------------------

  let unwatch: (() => void) | undefined;
  if (sessions) {
    unwatch = sessions.watch(() => void refreshActiveSession());
    await refreshActiveSession();
  } else {
    log.info('no session tracking (-X): one session agent at a time is accepted');
  }

  const server: SessionServer = await deps.listenSessionSocket((conn) => {
    const a: Agent = { conn, session: undefined, accepted: false, pending: [], width: 0, height: 0, screens: undefined };
    agents.add(a);
    log.debug(`session agent ${conn.id} connected (pid ${conn.peer?.pid ?? '?'}, uid ${conn.peer?.uid ?? '?'})`);
    void acceptAgent(a);
    return {
      onMessage: (msg) => {
        if (!a.accepted) {
          if (a.pending.length < 64) a.pending.push(msg);
          return;
        }
        onAgentMessage(a, msg);
      },
      onClose: (reason) => {
        if (reason) log.warn(`session agent ${conn.id}: ${reason}`);
        log.debug(`session agent ${conn.id} disconnected`);
        for (const id of xfers.takeAllOf(a)) sendXferStatus(id, FILE_XFER_STATUS.CANCELLED, undefined, 'session agent gone: cancelled');
        agents.delete(a);
        updateActive();
      },
    };
  });

  return {
    events: { onOpen: onPortOpen, onData: onPortData, onConnect: onPortConnect, onHangup: onPortHangup },
    async stop() {
      if (stopped) return;
      stopped = true;
      releaseClipboards();
      unwatch?.();
      log.debug('stopping: session socket');
      await server.close();
      log.debug('stopping: pointer');
      await pointerChain.catch(() => undefined);
      await pointer?.close().catch(() => undefined);
      pointer = undefined;
    },
  };
}
