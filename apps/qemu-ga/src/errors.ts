/**
 * The two error classes a modern qemu-ga emits on the wire (qemu-ga.md §1.3).
 * Older agents had more classes; clients treat these two as the contract.
 */
export type QgaErrorClass = 'GenericError' | 'CommandNotFound';

/**
 * The error a handler (or the dispatcher) throws to answer
 * `{"error": {"class": <errorClass>, "desc": <desc>}}`. Anything else thrown by
 * a handler is answered as GenericError with its message, and logged.
 */
export class QgaError extends Error {
  readonly errorClass: QgaErrorClass;

  constructor(desc: string, errorClass: QgaErrorClass = 'GenericError') {
    super(desc);
    this.name = 'QgaError';
    this.errorClass = errorClass;
  }

  /** The wire text (qemu-ga's `desc`). */
  get desc(): string {
    return this.message;
  }
}
