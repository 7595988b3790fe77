/**
 * guest-fsfreeze-status/freeze/freeze-list/thaw and guest-fstrim
 * (qemu-ga.md §2.3.3, §3.5). Order of a freeze, as in qemu-ga: hook `freeze`
 * (failure aborts, state stays thawed) → mount list → enter the frozen state
 * (ctx.frozen: marker file, command gate, logging off) → FIFREEZE in reverse
 * mount order; nothing frozen → leave the frozen state; a hard failure thaws
 * everything (hook `thaw` included) and reports the freeze error.
 *
 * Downstream extras: an auto-thaw watchdog (config.fsfreezeTimeoutSec, off by
 * default) and cancellation of a freeze still in progress when a thaw arrives
 * (e.g. after the dispatcher timed the freeze out), so it cannot re-freeze
 * behind the host's back.
 */
import { freezeMounts, thawMounts, FreezeError } from '@ga/guest-os/fsfreeze/freeze';
import { trimMounts } from '@ga/guest-os/fsfreeze/fstrim';
import { realFsIoctl, type FsIoctl } from '@ga/guest-os/fsfreeze/fs-ioctl';
import { runFsfreezeHook, type HookDeps, type HookPhase } from '@ga/guest-os/fsfreeze/hook';
import { listMounts, type Mount } from '@ga/guest-os/storage/mounts';
import type { AgentContext } from '../context.js';
import { QgaError } from '../errors.js';
import type { Handlers } from '../handlers.js';
import { asQga } from './qga-errors.js';

type FsfreezeCommands =
  | 'guest-fsfreeze-status'
  | 'guest-fsfreeze-freeze'
  | 'guest-fsfreeze-freeze-list'
  | 'guest-fsfreeze-thaw'
  | 'guest-fstrim';

/** What the fsfreeze handlers touch, injectable so tests never freeze anything real. */
export interface FsfreezeDeps {
  listMounts: () => Promise<Mount[]>;
  sys: FsIoctl;
  hook: HookDeps;
}

export const defaultFsfreezeDeps: FsfreezeDeps = { listMounts: () => listMounts(), sys: realFsIoctl, hook: {} };

interface FreezeState {
  /** Bumped by every thaw; a freeze that sees it change stops and undoes itself. */
  epoch: number;
  watchdog?: NodeJS.Timeout;
}

export function createFsfreezeHandlers(deps: FsfreezeDeps = defaultFsfreezeDeps): Pick<Handlers, FsfreezeCommands> {
  const states = new WeakMap<AgentContext, FreezeState>();
  const stateOf = (ctx: AgentContext): FreezeState => {
    let s = states.get(ctx);
    if (s === undefined) {
      s = { epoch: 0 };
      states.set(ctx, s);
    }
    return s;
  };

  const hook = async (ctx: AgentContext, phase: HookPhase): Promise<void> => {
    const path = ctx.config.fsfreezeHook;
    if (path === undefined) return;
    ctx.log.info(`executing fsfreeze hook with arg '${phase}'`);
    await asQga(() => runFsfreezeHook(path, phase, deps.hook));
  };

  /** qemu-ga's thaw: FITHAW everything, leave the frozen state, then hook `thaw`. */
  const thaw = async (ctx: AgentContext): Promise<number> => {
    const st = stateOf(ctx);
    st.epoch++;
    if (st.watchdog) clearTimeout(st.watchdog);
    st.watchdog = undefined;
    const mounts = await asQga(deps.listMounts);
    const n = await thawMounts(mounts, deps.sys);
    await ctx.frozen.set(false);
    await hook(ctx, 'thaw');
    return n;
  };

  const armWatchdog = (ctx: AgentContext): void => {
    const sec = ctx.config.fsfreezeTimeoutSec;
    if (sec === undefined || sec <= 0) return;
    const st = stateOf(ctx);
    if (st.watchdog) clearTimeout(st.watchdog);
    st.watchdog = setTimeout(() => {
      st.watchdog = undefined;
      thaw(ctx).then(
        (n) =>
          ctx.log.error(
            `fsfreeze watchdog: file systems stayed frozen for ${sec}s without guest-fsfreeze-thaw; ` +
              `thawed ${n} of them. Raise fsfreeze-timeout if the backup needs longer.`,
          ),
        (e: unknown) => ctx.log.error(`fsfreeze watchdog: automatic thaw failed: ${(e as Error).message}`),
      );
    }, sec * 1000);
    st.watchdog.unref();
  };

  const freeze = async (ctx: AgentContext, only: readonly string[] | undefined): Promise<number> => {
    ctx.log.audit('guest-fsfreeze called');
    await hook(ctx, 'freeze');
    const mounts = await asQga(deps.listMounts);
    const st = stateOf(ctx);
    const epoch = st.epoch;
    // Before any FIFREEZE: the agent must not write to a frozen disk itself.
    await ctx.frozen.set(true);
    let n: number;
    try {
      n = await freezeMounts(mounts, { only, sys: deps.sys, cancelled: () => st.epoch !== epoch });
    } catch (err) {
      if (st.epoch === epoch) await thaw(ctx).catch(() => undefined);
      else await thawMounts(mounts, deps.sys); // a concurrent thaw already ran: undo our late freezes only
      throw new QgaError(err instanceof FreezeError || err instanceof Error ? err.message : String(err));
    }
    if (n === 0) await ctx.frozen.set(false);
    else armWatchdog(ctx);
    return n;
  };

  return {
    async 'guest-fsfreeze-status'(_args, ctx) {
      return ctx.frozen.frozen ? 'frozen' : 'thawed';
    },
    async 'guest-fsfreeze-freeze'(_args, ctx) {
      return freeze(ctx, undefined);
    },
    async 'guest-fsfreeze-freeze-list'({ mountpoints }, ctx) {
      return freeze(ctx, mountpoints);
    },
    async 'guest-fsfreeze-thaw'(_args, ctx) {
      return thaw(ctx);
    },
    async 'guest-fstrim'({ minimum }, ctx) {
      ctx.log.audit('guest-fstrim called');
      const mounts = await asQga(deps.listMounts);
      return { paths: await trimMounts(mounts, minimum ?? 0, deps.sys) };
    },
  };
}

export const fsfreezeHandlers: Pick<Handlers, FsfreezeCommands> = createFsfreezeHandlers();
