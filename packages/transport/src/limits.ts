/**
 * Output limits for listening channels (unix, vsock): a client that stops
 * reading must not wedge the agent (qemu-ga.md §1.8: qemu-ga busy-loops on
 * EAGAIN and stalls every other request). Beyond either limit it is dropped.
 */

/** Bytes that may wait for a client (one message larger than this still goes alone). */
export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;
/** A client whose pending output makes no progress for this long is dropped. */
export const DEFAULT_WRITE_TIMEOUT_MS = 30_000;

export interface ListenLimits {
  /** Default {@link DEFAULT_MAX_QUEUED_BYTES}. */
  maxQueuedBytes?: number;
  /** Default {@link DEFAULT_WRITE_TIMEOUT_MS}; 0 disables. */
  writeTimeoutMs?: number;
}
