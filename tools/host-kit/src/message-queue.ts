/**
 * A FIFO of received items with promise-based waiting, for host simulators:
 * tests and the CLI await the next message instead of sleeping.
 */
export class MessageQueue<T> {
  private items: T[] = [];
  private waiters: Array<{ resolve: (v: T) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }> = [];
  private closedWith: Error | undefined;

  /** Add an item, waking the oldest waiter. */
  push(item: T): void {
    const w = this.waiters.shift();
    if (w) {
      clearTimeout(w.timer);
      w.resolve(item);
    } else this.items.push(item);
  }

  /** Fail every current and future wait once the source is gone (items already queued are still returned). */
  close(reason: Error): void {
    this.closedWith ??= reason;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(reason);
    }
  }

  /** Items received and not yet taken. */
  get pending(): readonly T[] {
    return this.items;
  }

  /**
   * The next item. Rejects after `timeoutMs` (a guard against hangs, not a
   * speed check) with `what` in the message, or when the source closed.
   */
  next(timeoutMs: number, what: string): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new Error(`no ${what} within ${timeoutMs} ms: is the agent running and connected to this socket?`));
      }, timeoutMs);
      this.waiters.push({ resolve, reject, timer });
    });
  }
}
