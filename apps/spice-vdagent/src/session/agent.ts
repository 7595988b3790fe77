/**
 * The session agent's conversation with spice-vdagentd (vdagent.c's
 * daemon_read_complete), on top of the X11 pieces: on every (re)connect it
 * reports the desktop (GUEST_XORG_RESOLUTION — Debian's daemon opens the
 * port only after it) and re-announces guest-owned selections; then it
 * dispatches each udscs message. RandR changes by anyone re-report the
 * desktop. Lost daemon: the link reconnects, state is rebuilt on connect.
 */
import { UDSCS, VDAGENTD_VERSION, udscsName } from '@ga/framing/udscs-protocol';
import type { UdscsMessage } from '@ga/framing/udscs-protocol';
import { decodeTypes, encodeScreens } from '@ga/framing/udscs';
import type { X11Clipboard } from './x11/clipboard.js';
import type { RandR } from './x11/randr.js';
import type { XConn } from './x11/xconn.js';
import type { FileXfers } from './file-xfers.js';
import { XFER_STATUS } from './file-xfers.js';
import { parseMonitorsConfig, planLayout } from './monitors-config.js';
import { parseVolumeSync } from './volume-sync.js';
import type { VolumeSetter } from '@ga/guest-os/audio/alsa-volume';

export interface AgentLog {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface DaemonSender {
  send(type: number, arg1?: number, arg2?: number, data?: Buffer): void;
}

export interface AgentDeps {
  x: XConn;
  clipboard: X11Clipboard;
  randr: RandR | undefined;
  /** Undefined when no save folder exists (transfers answered DISABLED). */
  xfers: FileXfers | undefined;
  volume: VolumeSetter;
  log: AgentLog;
}

export class SessionAgent {
  private xfersEnabled: boolean;
  private reportQueued = false;
  /** Serialises RandR work: a monitors config and a re-report never interleave. */
  private display: Promise<void> = Promise.resolve();

  constructor(
    private readonly d: AgentDeps,
    private readonly daemon: DaemonSender,
  ) {
    this.xfersEnabled = d.xfers !== undefined;
    d.x.onEvent((ev) => {
      if (d.randr?.isChange(ev)) this.queueReport();
    });
  }

  /** The daemon (re)connected. */
  async connected(): Promise<void> {
    this.xfersEnabled = this.d.xfers !== undefined;
    await this.reportResolution();
    await this.d.clipboard.resync();
  }

  /** The daemon went away: forget what belonged to that conversation. */
  async disconnected(): Promise<void> {
    this.d.clipboard.releaseAll();
    await this.d.xfers?.dropAll();
  }

  handle(m: UdscsMessage): void {
    const { clipboard, xfers, log } = this.d;
    switch (m.type) {
      case UDSCS.VERSION: {
        const v = m.data.toString('utf8').replace(/\0.*$/s, '');
        // The original re-execs itself on a mismatch; one build of ours talks to any 0.2x daemon.
        if (v !== VDAGENTD_VERSION) log.info(`vdagentd version ${v}, ours ${VDAGENTD_VERSION}: carrying on`);
        else log.debug(`received version ${v}`);
        return;
      }
      case UDSCS.CLIPBOARD_GRAB:
        void clipboard.clientGrab(m.arg1, decodeTypes(m.data)).catch((e) => log.warn(`clipboard grab: ${(e as Error).message}`));
        return;
      case UDSCS.CLIPBOARD_REQUEST:
        void clipboard.clientRequest(m.arg1, m.arg2);
        return;
      case UDSCS.CLIPBOARD_DATA:
        clipboard.clientData(m.arg1, m.arg2, m.data);
        return;
      case UDSCS.CLIPBOARD_RELEASE:
        clipboard.clientRelease(m.arg1);
        return;
      case UDSCS.MONITORS_CONFIG:
        this.display = this.display.then(() => this.applyMonitors(m.data));
        return;
      case UDSCS.FILE_XFER_START:
      case UDSCS.FILE_XFER_DATA:
      case UDSCS.FILE_XFER_STATUS: {
        if (!xfers || !this.xfersEnabled) {
          if (m.data.length >= 4) this.daemon.send(UDSCS.FILE_XFER_STATUS, m.data.readUInt32LE(0), XFER_STATUS.DISABLED);
          return;
        }
        if (m.type === UDSCS.FILE_XFER_START) void xfers.start(m.data);
        else if (m.type === UDSCS.FILE_XFER_DATA) xfers.data(m.data);
        else xfers.status(m.data);
        return;
      }
      case UDSCS.FILE_XFER_DISABLE:
        log.debug('file transfers disabled by the daemon');
        this.xfersEnabled = false;
        void xfers?.dropAll();
        return;
      case UDSCS.AUDIO_VOLUME_SYNC: {
        const v = parseVolumeSync(m.data);
        if (!v) return log.warn(`audio volume sync of ${m.data.length} bytes: malformed`);
        void this.d.volume.set(v.playback, v.mute, v.volumes).then((ok) => {
          if (!ok) log.debug(`no mixer took the ${v.playback ? 'playback' : 'record'} volume`);
        });
        return;
      }
      case UDSCS.GRAPHICS_DEVICE_INFO:
        // Display ids stay output indexes, as the original does without a device-address match.
        log.debug(`graphics device info (${m.data.length} bytes): display id = output index`);
        return;
      case UDSCS.CLIENT_DISCONNECTED:
        log.debug('client disconnected');
        clipboard.releaseAll();
        void xfers?.dropAll();
        return;
      default:
        log.error(`unknown message from vdagentd type ${udscsName(m.type)}, ignoring`);
    }
  }

  /** The desktop as the daemon wants it: bounding size in arg1/arg2, one record per enabled output. */
  async reportResolution(): Promise<void> {
    const { randr, x } = this.d;
    let width: number;
    let height: number;
    let screens;
    if (randr) {
      ({ width, height, screens } = await randr.current());
    } else {
      const g = await new Promise<{ width: number; height: number }>((resolve, reject) => x.raw.GetGeometry(x.root, (e: Error | null, v: { width: number; height: number }) => (e ? reject(e) : resolve(v))));
      ({ width, height } = g);
      screens = [{ width, height, x: 0, y: 0, display_id: 0 }];
    }
    if (screens.length === 0) screens = [{ width, height, x: 0, y: 0, display_id: 0 }];
    this.d.log.debug(`guest resolution ${width}x${height}: ${screens.map((s) => `display_id=${s.display_id} - ${s.width}x${s.height}+${s.x}+${s.y}`).join(', ')}`);
    this.daemon.send(UDSCS.GUEST_XORG_RESOLUTION, width, height, encodeScreens(screens));
  }

  private queueReport(): void {
    if (this.reportQueued) return;
    this.reportQueued = true;
    this.display = this.display.then(async () => {
      this.reportQueued = false;
      await this.reportResolution().catch((e) => this.d.log.warn(`reading the layout: ${(e as Error).message}`));
    });
  }

  private async applyMonitors(data: Buffer): Promise<void> {
    const { randr, log } = this.d;
    const cfg = parseMonitorsConfig(data);
    if (!cfg) return log.warn(`monitors config of ${data.length} bytes: malformed`);
    if (!randr) {
      log.warn('no RandR 1.3: cannot apply the monitors config');
    } else {
      try {
        const layout = planLayout(cfg, await randr.outputCount(), await randr.range());
        if (!layout) log.error('client sent config with all monitors disabled');
        else {
          log.debug(`monitors config: ${layout.width}x${layout.height} (${layout.mmWidth}x${layout.mmHeight} mm)`);
          await randr.apply(layout);
        }
      } catch (err) {
        log.error(`applying the monitors config failed: ${(err as Error).message}`);
      }
    }
    // The original re-reports after every monitors config, applied or not.
    await this.reportResolution().catch((e) => log.warn(`reading the layout: ${(e as Error).message}`));
  }
}

