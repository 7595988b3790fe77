/**
 * Typed event plumbing shared by the channel classes (not exported): the
 * Channel interface's `on/off` are EventEmitter's, typed by ChannelEvents.
 */
import { EventEmitter } from 'node:events';
import type { ChannelEvents } from './channel.js';

export class ChannelEmitter extends EventEmitter<ChannelEvents> {}

/** An Error carrying the errno code it was built from, so apps can branch on `code`. */
export function channelError(message: string, code?: string, cause?: unknown): Error & { code?: string } {
  const err: Error & { code?: string } = new Error(message, cause === undefined ? undefined : { cause });
  if (code !== undefined) err.code = code;
  return err;
}

export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** A cancellable sleep: `cancel()` resolves it at once (used to wake backoff loops on close). */
export function sleep(ms: number): { done: Promise<void>; cancel: () => void } {
  let cancel: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    cancel = () => {
      clearTimeout(t);
      resolve();
    };
  });
  return { done, cancel };
}
