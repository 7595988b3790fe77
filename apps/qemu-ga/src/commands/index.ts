/**
 * Every handler of the Linux build, grouped as the command table says
 * (`group`). Only the agent's own commands (sync, ping, info) are set up with
 * the agent: each other group's module is imported the first time one of its
 * commands is called (in the bundle, a module evaluated at that first
 * import), so an agent that is only pinged never runs their top-level code or
 * builds their state. After that first call the group's handlers replace the
 * stand-ins in the table.
 *
 * An import that fails fails that call with an error reply and is tried
 * again on the next one.
 */
import type { AgentContext } from '../context.js';
import type { Handlers } from '../handlers.js';
import { commandsFor } from '../schema/commands.js';
import type { CommandsIn, HandlerGroup } from '../schema/commands.js';
import { syncHandlers } from './sync.js';

type GroupHandlers<G extends HandlerGroup> = Pick<Handlers, CommandsIn<G>>;

/** Groups loaded with the agent: the commands every host calls first and often. */
const EAGER: { [G in 'sync']: GroupHandlers<G> } = { sync: syncHandlers };

type LazyGroup = Exclude<HandlerGroup, keyof typeof EAGER>;

/** How each other group is imported. */
export type GroupLoaders = { [G in LazyGroup]: () => Promise<GroupHandlers<G>> };

/** A group whose module lacks one of the table's commands for it, or types one wrongly, fails to compile. */
export const LOADERS: GroupLoaders = {
  'system-info': async () => (await import('./system-info.js')).systemInfoHandlers,
  network: async () => (await import('./network.js')).networkHandlers,
  'storage-info': async () => (await import('./storage-info.js')).storageInfoHandlers,
  hardware: async () => (await import('./hardware.js')).hardwareHandlers,
  files: async () => (await import('./files.js')).fileHandlers,
  exec: async () => (await import('./exec.js')).execHandlers,
  fsfreeze: async () => (await import('./fsfreeze.js')).fsfreezeHandlers,
  power: async () => (await import('./power.js')).powerHandlers,
  time: async () => (await import('./time.js')).timeHandlers,
  accounts: async () => (await import('./accounts.js')).accountHandlers,
};

type AnyHandler = (args: unknown, ctx: AgentContext) => Promise<unknown>;

/** A fresh table: one entry per command of the Linux build (stand-ins until their group is loaded). */
export function createHandlers(loaders: GroupLoaders = LOADERS): Handlers {
  const table: Record<string, AnyHandler> = {};
  const loading = new Map<LazyGroup, Promise<Record<string, AnyHandler>>>();
  const load = (group: LazyGroup, names: readonly string[]): Promise<Record<string, AnyHandler>> => {
    let p = loading.get(group);
    if (!p) {
      p = (loaders[group]() as Promise<unknown> as Promise<Record<string, AnyHandler>>).then(
        (h) => {
          for (const n of names) table[n] = h[n]!;
          return h;
        },
        (e: unknown) => {
          loading.delete(group);
          throw e;
        },
      );
      loading.set(group, p);
    }
    return p;
  };
  const byGroup = new Map<HandlerGroup, string[]>();
  for (const def of commandsFor()) {
    const names = byGroup.get(def.group) ?? [];
    names.push(def.name);
    byGroup.set(def.group, names);
  }
  for (const [group, names] of byGroup) {
    const eager = (EAGER as Partial<Record<HandlerGroup, unknown>>)[group] as Record<string, AnyHandler> | undefined;
    for (const name of names) {
      // A copy of the table (tests spread it) keeps calling the stand-in, which is why it calls the loaded handler itself.
      table[name] = eager ? eager[name]! : async (args, ctx) => (await load(group as LazyGroup, names))[name]!(args, ctx);
    }
  }
  return table as unknown as Handlers;
}
