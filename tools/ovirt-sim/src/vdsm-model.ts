/**
 * VDSM's guest agent reader (oVirt/vdsm lib/vdsm/virt/guestagent.py,
 * ovirt-guest-agent.md §5), re-stated so the simulator accepts and rejects
 * exactly what an unmodified VDSM does: chunks as recv(65536) delivers them,
 * split on '\n' with the 1 MiB unterminated-tail limit (the line that
 * overflowed is skipped up to its newline), UTF-8 with replacement, JSON,
 * the XML character filter after decoding, `__name__` taken out, the
 * activity timestamp, then the per-message handling with Python's typing.
 * A Python ValueError (bad JSON, int() of a bad string) is logged and only
 * that line is lost; any other exception (TypeError, KeyError,
 * AttributeError: a line that is not an object, has no `__name__`, lacks a
 * required field) escapes the read callback and the rest of the chunk is
 * lost too ("Exception on read callback").
 */
import { filterXmlChars } from '@ga/framing/newline-json';

export const MAX_MESSAGE_SIZE = 2 ** 20;
export const MAX_API_VERSION = 3;
export const RESPONSIVE_SECONDS = 120;

class PyValueError extends Error {}
class PyOtherError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Python int(): ints, floats truncated, bools, decimal strings; ValueError / TypeError otherwise. */
export function pyInt(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new PyValueError(`cannot convert float ${v} to integer`);
    return Math.trunc(v);
  }
  if (typeof v === 'string') {
    if (/^\s*[+-]?\d+(_\d+)*\s*$/.test(v)) return Number(v.replace(/_/g, ''));
    throw new PyValueError(`invalid literal for int() with base 10: '${v}'`);
  }
  throw new PyOtherError(`int() argument must be a string or a number, not '${pyType(v)}'`);
}

function pyType(v: unknown): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'dict' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : 'int';
}

/** Python str() of a decoded JSON value. */
export function pyStr(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  return JSON.stringify(v);
}

function filt(o: Json): Json {
  if (Array.isArray(o)) return o.map(filt);
  if (o !== null && typeof o === 'object') return Object.fromEntries(Object.entries(o).map(([k, v]) => [filterXmlChars(k), filt(v)]));
  if (typeof o === 'string') return filterXmlChars(o);
  return o;
}

const isDict = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

function get(args: Record<string, Json>, key: string): Json {
  if (!Object.hasOwn(args, key)) throw new PyOtherError(`KeyError: '${key}'`);
  return args[key]!;
}

/** Python iteration of a value (tuple(x), for x in ...). */
function pyIter(v: Json): Json[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isDict(v)) return Object.keys(v);
  throw new PyOtherError(`TypeError: '${pyType(v)}' object is not iterable`);
}

export interface GuestInfo {
  username: string;
  memUsage: number;
  guestCPUCount: number;
  guestIPs: string;
  guestFQDN: string;
  session: string;
  appsList: string[];
  disksUsage: Array<Record<string, Json>>;
  netIfaces: Array<Record<string, Json>>;
  memoryStats: Record<string, string>;
  guestName?: string;
  guestOs?: string;
  guestOsInfo?: Record<string, Json>;
  guestTimezone?: Record<string, Json>;
  guestContainers?: Json;
  lastLogin?: number;
}

export interface VdsmLogLine {
  level: 'debug' | 'info' | 'warning' | 'error';
  text: string;
}

export interface VdsmModelOptions {
  /** VDSM's stored API version (VM metadata); default 0. */
  apiVersion?: number;
  /** VDSM forwards a command: `api-version` after negotiation. */
  forward?: (name: string, args: Record<string, Json>) => void;
  /** Wall clock in seconds (time.time()). */
  now?: () => number;
}

export class VdsmModel {
  effectiveApiVersion: number;
  guestStatus: 'Up' | undefined;
  readonly guestInfo: GuestInfo = {
    username: 'Unknown',
    memUsage: 0,
    guestCPUCount: -1,
    guestIPs: '',
    guestFQDN: '',
    session: 'Unknown',
    appsList: [],
    disksUsage: [],
    netIfaces: [],
    memoryStats: {},
  };
  guestDiskMapping: Json = {};
  seenShutdown: boolean | undefined;
  readonly log: VdsmLogLine[] = [];
  /** Every message handled, in order (name and arguments after filtering). */
  readonly messages: Array<{ name: string; args: Record<string, Json> }> = [];
  /** reply_id values whose completion arrived. */
  readonly completions: string[] = [];
  private agentTimestamp = 0;
  private buffer: Buffer[] = [];
  private bufferSize = 0;
  private tooBig = false;
  private readonly now: () => number;

  constructor(private readonly options: VdsmModelOptions = {}) {
    this.effectiveApiVersion = Math.min(options.apiVersion ?? 0, MAX_API_VERSION);
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  /** A (re)connect: `_connect` clears the buffer and the too-big state. */
  clearReadBuffer(): void {
    this.buffer = [];
    this.bufferSize = 0;
    this.tooBig = false;
  }

  /** One recv() chunk; returns false when an exception escaped (the rest of the chunk was lost). */
  handleData(chunk: Buffer): boolean {
    let data = chunk;
    try {
      for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a)) {
        const line = Buffer.concat([...this.buffer, data.subarray(0, nl)]);
        data = data.subarray(nl + 1);
        this.buffer = [];
        this.bufferSize = 0;
        if (this.tooBig) {
          this.tooBig = false;
          this.note('warning', 'Not processing current message because it was too big');
        } else this.processMessage(line);
      }
    } catch (err) {
      this.note('error', `Exception on read callback: ${(err as Error).message}`);
      return false;
    }
    this.buffer.push(Buffer.from(data));
    this.bufferSize += data.length;
    if (this.bufferSize >= MAX_MESSAGE_SIZE) {
      this.note('warning', `Discarding buffer with size: ${this.bufferSize} because the message reached maximum size of ${MAX_MESSAGE_SIZE} bytes before message end was reached.`);
      this.tooBig = true;
      this.buffer = [];
      this.bufferSize = 0;
    }
    return true;
  }

  isResponsive(): boolean {
    return this.now() - this.agentTimestamp < RESPONSIVE_SECONDS;
  }

  /** `_onChannelTimeout`: no data for the channel timeout. */
  channelTimeout(): void {
    this.guestInfo.memUsage = 0;
    this.guestStatus = undefined;
  }

  /** getGuestInfo() without a qemu-ga provider. */
  getGuestInfo(): Record<string, unknown> {
    const info: Record<string, unknown> = { username: 'Unknown', session: 'Unknown', memUsage: 0, guestCPUCount: -1, appsList: [], guestIPs: '', guestFQDN: '' };
    if (this.isResponsive()) Object.assign(info, structuredClone(this.guestInfo));
    else {
      if (this.guestInfo.appsList.length > 0) info.appsList = [...this.guestInfo.appsList];
      if (this.guestInfo.guestIPs.length > 0) info.guestIPs = this.guestInfo.guestIPs;
      if (this.guestInfo.guestFQDN.length > 0) info.guestFQDN = this.guestInfo.guestFQDN;
    }
    return info;
  }

  private note(level: VdsmLogLine['level'], text: string): void {
    this.log.push({ level, text });
  }

  private processMessage(line: Buffer): void {
    let name: string;
    let args: Record<string, Json>;
    try {
      const text = line.toString('utf8');
      let value: Json;
      try {
        value = JSON.parse(text) as Json;
      } catch (err) {
        throw new PyValueError(`Expecting value: ${(err as Error).message}`);
      }
      const filtered = filt(value);
      if (!isDict(filtered)) throw new PyOtherError(`TypeError: ${pyType(filtered)} indices must be integers`);
      const n = get(filtered, '__name__');
      const { __name__: _drop, ...rest } = filtered;
      name = typeof n === 'string' ? n : pyStr(n);
      args = rest;
      this.agentTimestamp = this.now();
      this.handleMessage(name, args);
    } catch (err) {
      if (err instanceof PyValueError) {
        this.note('error', `${err.message}: ${JSON.stringify(line.toString('latin1').slice(0, 200))}`);
        return;
      }
      throw err;
    }
  }

  private handleApiVersion(version: Json): void {
    let common: number;
    try {
      common = Math.min(Math.max(pyInt(version), 0), MAX_API_VERSION);
    } catch (err) {
      if (!(err instanceof PyValueError)) throw err;
      this.note('warning', `Received invalid version value: ${pyStr(version)}`);
      common = 0;
    }
    if (common !== this.effectiveApiVersion) {
      this.note('info', `Guest API version changed from ${this.effectiveApiVersion} to ${common}`);
      this.effectiveApiVersion = common;
      if (common !== 0) this.options.forward?.('api-version', { apiVersion: common });
    }
  }

  private handleMessage(name: string, args: Record<string, Json>): void {
    const gi = this.guestInfo;
    this.messages.push({ name, args });
    switch (name) {
      case 'heartbeat': {
        gi.memUsage = pyInt(get(args, 'free-ram'));
        if (Object.hasOwn(args, 'memory-stat')) {
          const ms = args['memory-stat']!;
          for (const k of ['mem_total', 'mem_unused', 'mem_buffers', 'mem_cached', 'swap_in', 'swap_out', 'pageflt', 'majflt']) {
            if (isDict(ms)) {
              if (!Object.hasOwn(ms, k)) continue;
              gi.memoryStats[k] = pyStr(ms[k]);
              if (k === 'mem_unused') gi.memoryStats.mem_free = pyStr(ms[k]);
            } else if ((Array.isArray(ms) || typeof ms === 'string') && !ms.includes(k)) continue;
            else throw new PyOtherError(`TypeError: memory-stat is a ${pyType(ms)}`);
          }
        }
        if (Object.hasOwn(args, 'apiVersion')) this.handleApiVersion(args.apiVersion!);
        else if (this.effectiveApiVersion !== 0) this.effectiveApiVersion = 0;
        this.guestStatus = 'Up';
        if (this.seenShutdown) this.seenShutdown = false;
        return;
      }
      case 'host-name':
        gi.guestName = get(args, 'name') as string;
        return;
      case 'os-version':
        gi.guestOs = get(args, 'version') as string;
        return;
      case 'os-info':
        gi.guestOsInfo = args;
        return;
      case 'timezone':
        gi.guestTimezone = args;
        return;
      case 'network-interfaces': {
        const out: Array<Record<string, Json>> = [];
        let ips = '';
        for (const iface of pyIter(get(args, 'interfaces'))) {
          if (!isDict(iface)) throw new PyOtherError(`AttributeError: '${pyType(iface)}' object has no attribute 'get'`);
          iface.inet = iface.inet ?? [];
          iface.inet6 = iface.inet6 ?? [];
          const inet = pyIter(iface.inet);
          if (!inet.every((a) => typeof a === 'string')) throw new PyOtherError('TypeError: sequence item: expected str instance');
          out.push(iface);
          ips += `${inet.join(' ')} `;
        }
        gi.netIfaces = out;
        gi.guestIPs = ips.trim();
        return;
      }
      case 'applications':
        gi.appsList = pyIter(get(args, 'applications')) as string[];
        return;
      case 'active-user': {
        const user = get(args, 'name') as string;
        if (user !== gi.username && !(user === 'Unknown' && gi.username === 'None')) {
          gi.username = user;
          gi.lastLogin = this.now();
        }
        return;
      }
      case 'session-logon':
        gi.session = 'UserLoggedOn';
        return;
      case 'session-lock':
        gi.session = 'Locked';
        return;
      case 'session-unlock':
        gi.session = 'Active';
        return;
      case 'session-logoff':
        gi.session = 'LoggedOff';
        return;
      case 'uninstalled':
        gi.appsList = [];
        return;
      case 'session-startup':
        this.seenShutdown = false;
        return;
      case 'session-shutdown':
        this.seenShutdown = true;
        return;
      case 'fqdn':
        gi.guestFQDN = get(args, 'fqdn') as string;
        return;
      case 'containers':
        gi.guestContainers = get(args, 'list');
        return;
      case 'disks-usage': {
        const disks: Array<Record<string, Json>> = [];
        for (const d of pyIter(get(args, 'disks'))) {
          if (!isDict(d)) throw new PyOtherError(`TypeError: ${pyType(d)} indices must be integers`);
          d.total = pyStr(get(d, 'total'));
          d.used = pyStr(get(d, 'used'));
          disks.push(d);
        }
        gi.disksUsage = disks;
        this.guestDiskMapping = args.mapping ?? {};
        return;
      }
      case 'number-of-cpus':
        gi.guestCPUCount = pyInt(get(args, 'count'));
        return;
      case 'completion': {
        const id = args.reply_id;
        if (typeof id === 'string') this.completions.push(id);
        return;
      }
      default:
        this.note('error', `Unknown message type ${name}`);
    }
  }
}
