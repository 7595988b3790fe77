/**
 * guest-exec / guest-exec-status (qemu-ga.md §2.3.2). Children and their
 * output belong to the agent (one registry per AgentContext). Downstream
 * extras stay off unless configured: `execTimeoutSec` kills a child that runs
 * too long; `execRecordTtlSec` forgets exited children nobody polls.
 * Arguments, input data and the environment are never logged.
 */
import { ExecRegistry, type CaptureMode } from '@ga/guest-os/exec/exec-registry';
import type { AgentContext } from '../context.js';
import type { Handlers } from '../handlers.js';
import { Base64Blob } from '../reply/base64-blob.js';
import type { GuestExecStatusOut } from '../schema/types.js';
import { decodeBase64Arg } from './base64-arg.js';
import { asQga } from './qga-errors.js';

const registries = new WeakMap<AgentContext, ExecRegistry>();

/** The agent's exec registry for this context, created on first use. */
export function execRegistryFor(ctx: AgentContext): ExecRegistry {
  let reg = registries.get(ctx);
  if (reg === undefined) {
    const ttl = (ctx.config as { execRecordTtlSec?: number }).execRecordTtlSec;
    reg = new ExecRegistry({
      timeoutSec: ctx.config.execTimeoutSec,
      unpolledTtlSec: ttl,
      warn: (m) => ctx.log.warn(m),
    });
    registries.set(ctx, reg);
  }
  return reg;
}

/** capture-output: absent/false → none, true → separated (7.2's boolean), else the 8.0 mode. */
export function captureMode(value: boolean | CaptureMode | undefined): CaptureMode {
  if (value === undefined || value === false) return 'none';
  if (value === true) return 'separated';
  return value;
}

export function createExecHandlers(
  registryFor: (ctx: AgentContext) => ExecRegistry = execRegistryFor,
): Pick<Handlers, 'guest-exec' | 'guest-exec-status'> {
  return {
    async 'guest-exec'(args, ctx) {
      const input = args['input-data'] === undefined ? undefined : decodeBase64Arg(args['input-data']);
      ctx.log.audit(`guest-exec called: "${args.path}" (${args.arg?.length ?? 0} arguments)`);
      const pid = await asQga(
        () =>
          registryFor(ctx).start({
            path: args.path,
            args: args.arg,
            env: args.env,
            input,
            capture: captureMode(args['capture-output']),
          }),
        (desc) => `Guest agent command failed, error was '${desc}'`,
      );
      return { pid };
    },
    async 'guest-exec-status'({ pid }, ctx) {
      ctx.log.audit(`guest-exec-status called, pid: ${pid >>> 0}`);
      const st = await asQga(() => registryFor(ctx).status(pid));
      const out: GuestExecStatusOut = { exited: st.exited };
      if (st.exitcode !== undefined) out.exitcode = st.exitcode;
      if (st.signal !== undefined) out.signal = st.signal;
      // Wire member order follows qemu-ga's struct: data first, then the truncation flags.
      if (st.out) out['out-data'] = new Base64Blob(st.out.data);
      if (st.err) out['err-data'] = new Base64Blob(st.err.data);
      if (st.out) out['out-truncated'] = st.out.truncated;
      if (st.err) out['err-truncated'] = st.err.truncated;
      return out;
    },
  };
}

export const execHandlers: Pick<Handlers, 'guest-exec' | 'guest-exec-status'> = createExecHandlers();
