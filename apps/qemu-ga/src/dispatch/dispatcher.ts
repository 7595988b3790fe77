/**
 * qemu-ga's request pipeline on the shared ordered queue
 * (@ga/request-queue): parsed JSON values and parse errors are answered
 * strictly in input order, one reply per request (none for a successful
 * success-response:false command), as qemu-ga's single-threaded loop does
 * (qemu-ga.md §1.8). This file holds what is qemu-ga's: the request checks,
 * the command table, the error shapes. A command that exceeds its timeout is
 * answered with an error so the queue moves on; its work is abandoned.
 */
import { OrderedQueue } from '@ga/request-queue/ordered-queue';
import type { SentReply } from '@ga/request-queue/ordered-queue';
import { raceTimeLimit } from '@ga/request-queue/time-limit';
import type { AgentContext } from '../context.js';
import { QgaError } from '../errors.js';
import type { Handlers } from '../handlers.js';
import { sendResponse } from '../reply/write-reply.js';
import type { EncodeFn, WriteFn } from '../reply/write-reply.js';
import { findCommand } from '../schema/commands.js';
import type { CommandDef } from '../schema/commands.js';
import type { AnyType } from '../schema/dsl.js';
import { disableReason, disabledError, notFoundError, policyState } from './policy.js';
import { checkRequest } from './request.js';
import { timeoutFor } from './timeouts.js';

export interface DispatcherOptions {
  handlers: Handlers;
  ctx: AgentContext;
  /** Where replies go (the channel's write); failures are logged, never fatal. */
  write: WriteFn;
  encode: EncodeFn;
  /** Called when the queue ran empty after `count` requests (memory-settling after a burst). */
  onDrained?: (count: number) => void;
  /** Timeout per command in ms; 0 = none. Default: {@link timeoutFor} with ctx.config. */
  timeoutMs?: (def: CommandDef) => number;
}

type Item = { kind: 'value'; value: unknown } | { kind: 'parse-error'; desc: string };

interface Outcome {
  response?: Record<string, unknown>;
  delimited: boolean;
  returnType?: AnyType;
}

export class Dispatcher {
  readonly #opts: DispatcherOptions;
  readonly #queue: OrderedQueue<Item>;
  /** Replies sent so far: tells a late answer whether anything was answered after its request. */
  #answered = 0;

  constructor(opts: DispatcherOptions) {
    this.#opts = opts;
    this.#queue = new OrderedQueue<Item>({
      answer: (item) => this.#answer(item),
      onWriteError: (e) => opts.ctx.log.warn(`failed to send reply: ${e instanceof Error ? e.message : String(e)}`),
      onInternalError: (e) => opts.ctx.log.error(`internal error while dispatching: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
      onDrained: opts.onDrained,
    });
  }

  /** A complete top-level JSON value from the stream parser. */
  onValue(value: unknown): void {
    this.#queue.push({ kind: 'value', value });
  }

  /** A parse error from the stream parser: answered as a GenericError without id. */
  onParseError(err: unknown): void {
    const desc = typeof err === 'string' ? err : err instanceof Error ? err.message : String(err);
    this.#queue.push({ kind: 'parse-error', desc });
  }

  /** Resolves once every request received so far has been answered and its reply written (or failed). */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async #answer(item: Item): Promise<SentReply | undefined> {
    const outcome = item.kind === 'value' ? await this.#run(item.value) : { response: errorResponse(new QgaError(item.desc)), delimited: false };
    if (!outcome.response) return undefined;
    this.#answered++;
    return sendResponse(outcome.response, this.#opts.write, this.#opts.encode, { delimited: outcome.delimited, returnType: outcome.returnType });
  }

  async #run(value: unknown): Promise<Outcome> {
    const { ctx, handlers } = this.#opts;
    const checked = checkRequest(value);
    if (!checked.ok) return { response: errorResponse(checked.error, checked.hasId, checked.id), delimited: false };
    const { execute, args, hasId, id } = checked.request;
    const def = findCommand(execute);
    const fail = (e: QgaError): Outcome => ({ response: errorResponse(e, hasId, id), delimited: false });
    if (!def) return fail(notFoundError(execute));
    const reason = disableReason(def, policyState(ctx));
    if (reason) return fail(disabledError(execute, reason));
    let validated: unknown;
    try {
      validated = def.args.check(args, []);
    } catch (e) {
      return fail(toQgaError(e, ctx));
    }
    ctx.log.debug(`processing command ${execute}`);
    const handler = (handlers as Record<string, (a: unknown, c: AgentContext) => Promise<unknown>>)[execute];
    if (!handler) return fail(notFoundError(execute));
    const work = Promise.resolve().then(() => handler(validated, ctx));
    const ms = (this.#opts.timeoutMs ?? ((d) => timeoutFor(d, ctx.config)))(def);
    const raced = await raceTimeLimit(work, ms);
    if (raced.done === 'late') {
      this.#answerLate(def, work, hasId, id, ms);
      return { delimited: false };
    }
    if (raced.done === false) return fail(toQgaError(raced.error, ctx));
    const result = raced.value;
    if (!def.successResponse) return { delimited: false };
    const response: Record<string, unknown> = { return: result === undefined ? {} : result };
    if (hasId) response.id = id;
    return { response, delimited: def.name === 'guest-sync-delimited', returnType: def.returns };
  }

  /**
   * An information command still running after its limit: the queue moves on
   * (later requests are served: a stuck statvfs no longer stalls guest-sync or
   * a thaw), and no error is made up. When the work ends, its real reply goes
   * out if nothing was answered meanwhile — a host still waiting for it (libvirt
   * with its timeout set to block) gets exactly qemu-ga's answer, only later;
   * after other replies it is dropped, since a host that sent more has given
   * up on it (libvirt re-syncs after its own timeout) and a late reply would
   * be read as the answer to something else.
   */
  #answerLate(def: CommandDef, work: Promise<unknown>, hasId: boolean, id: unknown, ms: number): void {
    const { ctx } = this.#opts;
    const mark = this.#answered;
    ctx.log.warn(`command ${def.name} did not finish within ${ms / 1000} s; serving later requests (its answer is sent when it comes, unless others were answered first)`);
    void work.then(
      (result) => ({ response: { return: result === undefined ? {} : result } as Record<string, unknown> }),
      (e: unknown) => ({ response: errorResponse(toQgaError(e, ctx)) }),
    ).then(({ response }) => {
      if (this.#answered !== mark) {
        ctx.log.warn(`dropped the late answer of ${def.name}: other requests were answered meanwhile`);
        return;
      }
      if (hasId) response.id = id;
      this.#answered++;
      const sent = sendResponse(response, this.#opts.write, this.#opts.encode, { returnType: 'error' in response ? undefined : def.returns });
      sent.done.catch((e: unknown) => ctx.log.warn(`failed to send reply: ${e instanceof Error ? e.message : String(e)}`));
    });
  }
}

/** `{"error": {"class", "desc"}}` plus the id when the request had one. */
export function errorResponse(error: QgaError, hasId = false, id?: unknown): Record<string, unknown> {
  const response: Record<string, unknown> = { error: { class: error.errorClass, desc: error.desc } };
  if (hasId) response.id = id;
  return response;
}

/** QgaError passes through; anything else becomes GenericError with its message, and is logged. */
function toQgaError(e: unknown, ctx: AgentContext): QgaError {
  if (e instanceof QgaError) return e;
  const message = e instanceof Error ? e.message : String(e);
  ctx.log.error(`command failed unexpectedly: ${e instanceof Error ? (e.stack ?? message) : message}`);
  return new QgaError(message);
}
