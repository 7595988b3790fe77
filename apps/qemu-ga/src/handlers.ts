import type { AgentContext } from './context.js';
import type { ArgsOf, CommandName, ReturnOf } from './schema/commands.js';

/** One handler: validated arguments in, schema-typed result out. Throw QgaError for wire errors. */
export type Handler<K extends CommandName> = (args: ArgsOf<K>, ctx: AgentContext) => Promise<ReturnOf<K>>;

/**
 * Every command of this build mapped to its handler. Keyed by the schema, so a
 * missing handler or a wrong return type fails to compile.
 */
export type Handlers = { [K in CommandName]: Handler<K> };
