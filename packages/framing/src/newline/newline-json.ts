import { LineSplitter } from './line-splitter.js';
import { pythonJsonDumps } from './python-json.js';
import type { PyJsonValue } from './python-json.js';
import { filterXmlDeep } from './xml-filter.js';

/**
 * oVirt guest agent framing: one JSON object per `\n`-terminated line, the
 * message or command name in the key `__name__`, the same format both ways
 * (ovirt-guest-agent.md §1.2). Decoding never throws: a line that is not
 * usable is dropped and reported, and the stream continues at the next line.
 */

export { filterXmlChars } from './xml-filter.js';
export { pythonJsonDumps } from './python-json.js';
export type { PyJsonValue } from './python-json.js';

/** VDSM's `GuestAgent.MAX_MESSAGE_SIZE`: a line must stay strictly below it. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** The name key, literally. */
export const NAME_KEY = '__name__';

/** A decoded message or command: `__name__` plus its arguments. */
export interface OvirtMessage {
  [NAME_KEY]: string;
  [key: string]: PyJsonValue | undefined;
}

/** Why a line was dropped. */
export type DropReason = 'too-long' | 'empty' | 'invalid-json' | 'not-an-object' | 'no-name';

export type NewlineEvent =
  /** `bytes` is the line as received, without its `\n`. */
  | { kind: 'message'; message: OvirtMessage; bytes: Buffer }
  /** `line` is the start of the dropped line (at most 200 characters) for the log. */
  | { kind: 'dropped'; reason: DropReason; bytes: number; line: string };

export interface NewlineJsonDecoderOptions {
  /** Lines whose content reaches this many bytes are dropped. Default 1 MiB, as VDSM. */
  maxLineBytes?: number;
  /**
   * Apply the XML character filter to every decoded key and value, as VDSM
   * does on receipt. Default false (the reference agent does not).
   */
  filterXml?: boolean;
}

const PREVIEW = 200;

/** Incremental decoder: bytes in any split -> messages and drop reports, in order. */
export class NewlineJsonDecoder {
  private readonly lines: LineSplitter;
  private readonly filterXml: boolean;

  constructor(options: NewlineJsonDecoderOptions = {}) {
    this.lines = new LineSplitter(options.maxLineBytes ?? MAX_LINE_BYTES);
    this.filterXml = options.filterXml ?? false;
  }

  /** Drop a partial line; call it when a new host session starts. */
  reset(): void {
    this.lines.reset();
  }

  /** Consume bytes; returns the events of every line they complete. Never throws. */
  push(data: Buffer): NewlineEvent[] {
    return this.lines.push(data).map((ev) =>
      ev.kind === 'overflow'
        ? { kind: 'dropped', reason: 'too-long', bytes: ev.bytes, line: '' }
        : this.decodeLine(ev.bytes),
    );
  }

  private decodeLine(bytes: Buffer): NewlineEvent {
    // Invalid UTF-8 becomes U+FFFD (WHATWG decoding, the same result as Python's
    // errors='replace' that VDSM uses, e.g. b'\xff\xfe' -> two U+FFFD).
    const text = bytes.toString('utf8');
    const drop = (reason: DropReason): NewlineEvent => ({ kind: 'dropped', reason, bytes: bytes.length, line: text.slice(0, PREVIEW) });
    // A trailing CR (CRLF senders) and surrounding blanks are JSON whitespace.
    if (text.trim() === '') return drop('empty');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return drop('invalid-json');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return drop('not-an-object');
    const message = (this.filterXml ? filterXmlDeep(value) : value) as Record<string, unknown>;
    if (typeof message[NAME_KEY] !== 'string') return drop('no-name');
    return { kind: 'message', message: message as OvirtMessage, bytes };
  }
}

/** Build a message with `__name__` first, then `fields` in their order. */
export function ovirtMessage(name: string, fields: Record<string, PyJsonValue | undefined> = {}): OvirtMessage {
  return { [NAME_KEY]: name, ...fields };
}

export interface EncodeOptions {
  /** Replace XML-restricted characters with U+FFFD first, as the reference agent does. Default true. */
  filterXml?: boolean;
  /** Refuse lines whose content reaches this many bytes. Default 1 MiB. */
  maxLineBytes?: number;
}

/**
 * One wire line: Python `json.dumps` text of `message` (key order kept, see
 * `pythonJsonDumps`) plus `\n`. Pure ASCII. Throws a RangeError for a line
 * VDSM would discard (>= 1 MiB): the caller must split or trim the data.
 */
export function encodeOvirtMessage(message: OvirtMessage, options: EncodeOptions = {}): Buffer {
  const value = (options.filterXml ?? true) ? filterXmlDeep(message) : message;
  const text = pythonJsonDumps(value as PyJsonValue);
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  // ensure_ascii output: one byte per character.
  if (text.length >= max) {
    throw new RangeError(`"${message[NAME_KEY]}" line is ${text.length} bytes; VDSM discards lines of ${max} bytes or more, so send less data`);
  }
  return Buffer.from(`${text}\n`, 'latin1');
}
