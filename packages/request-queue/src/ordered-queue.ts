/**
 * Requests answered strictly in arrival order, one at a time, as the C
 * agents' single-threaded loops do; the protocol plugs in how one request
 * is answered (checks, dispatch, error shapes) and how a reply is sent.
 *
 * Replies are not awaited one by one: a plain reply is already queued on the
 * channel in order, so the next request starts at once and a burst leaves in
 * a few writes; replies of one tick may share one write (and its promise),
 * which is tracked once. A streamed reply (one that is written in pieces)
 * must finish before the next request is answered. A failed write is
 * reported, never thrown: the host may be gone, the agent stays.
 */

/** A reply on its way: `done` settles when its bytes reached the kernel (or could not). */
export interface SentReply {
  readonly done: Promise<void>;
  /** Written in pieces: the next reply must wait for it. */
  readonly streamed: boolean;
}

export interface OrderedQueueOptions<T> {
  /** Answer one request; return the sent reply, or undefined when the protocol sends none. */
  answer: (item: T) => Promise<SentReply | undefined>;
  /** A reply's write failed (logged by the agent). */
  onWriteError: (err: unknown) => void;
  /** `answer` threw: a bug, logged by the agent; the queue moves on. */
  onInternalError: (err: unknown) => void;
  /** The queue ran empty after answering `count` requests in one go (a burst ends: memory may be handed back). */
  onDrained?: (count: number) => void;
}

export class OrderedQueue<T> {
  readonly #opts: OrderedQueueOptions<T>;
  /** Requests not yet started; `#head` is the next one (no Array.shift on a long burst). */
  #queue: (T | undefined)[] = [];
  #head = 0;
  /** The running drain, or the last one: settles when the queue is empty. */
  #tail: Promise<void> = Promise.resolve();
  #draining = false;
  /** The last reply's write, failures already handled. */
  #lastWrite: Promise<void> = Promise.resolve();
  /** The promise #lastWrite handles. */
  #lastSent: Promise<void> | undefined;

  constructor(opts: OrderedQueueOptions<T>) {
    this.#opts = opts;
  }

  push(item: T): void {
    this.#queue.push(item);
    if (this.#draining) return;
    this.#draining = true;
    // Started from a microtask, not inside the parser's feed() that delivered the request.
    this.#tail = Promise.resolve().then(() => this.#drain());
  }

  /** Resolves once every request received so far has been answered and its reply written (or failed). */
  idle(): Promise<void> {
    return this.#tail.then(() => this.#lastWrite);
  }

  async #drain(): Promise<void> {
    let count = 0;
    try {
      while (this.#head < this.#queue.length) {
        const item = this.#queue[this.#head] as T;
        this.#queue[this.#head++] = undefined; // let the request be collected
        // A host that never pauses keeps this drain running: drop the answered slots now and then.
        if (this.#head >= 4096 && this.#head * 2 >= this.#queue.length) {
          this.#queue = this.#queue.slice(this.#head);
          this.#head = 0;
        }
        await this.#answer(item);
        count++;
      }
    } finally {
      this.#queue = [];
      this.#head = 0;
      this.#draining = false;
    }
    this.#opts.onDrained?.(count);
  }

  async #answer(item: T): Promise<void> {
    try {
      const sent = await this.#opts.answer(item);
      if (!sent) return;
      if (sent.done !== this.#lastSent) {
        this.#lastSent = sent.done;
        this.#lastWrite = sent.done.catch((e: unknown) => this.#opts.onWriteError(e));
      }
      if (sent.streamed) await this.#lastWrite;
    } catch (e) {
      this.#opts.onInternalError(e);
    }
  }
}
