/** A minimal AgentContext for handler tests: recording logger and frozen flag. */
import type { AgentConfig, AgentContext, FrozenFlag, Logger } from '../context.js';

export interface FakeContext extends AgentContext {
  readonly logs: string[];
  readonly frozenCalls: boolean[];
}

export function fakeContext(stateDir: string, config: Partial<AgentConfig> = {}): FakeContext {
  const logs: string[] = [];
  const frozenCalls: boolean[] = [];
  const log: Logger = {
    error: (m) => logs.push(`error: ${m}`),
    warn: (m) => logs.push(`warn: ${m}`),
    info: (m) => logs.push(`info: ${m}`),
    debug: (m) => logs.push(`debug: ${m}`),
  };
  const frozen: FrozenFlag & { frozen: boolean } = {
    frozen: false,
    async set(value: boolean) {
      frozenCalls.push(value);
      this.frozen = value;
    },
  };
  const fullConfig = {
    stateDir,
    method: 'unix-listen',
    path: '/dev/null',
    pidFile: '/nonexistent/pid',
    daemonize: false,
    verbose: false,
    retryPath: false,
    blockRpcs: [],
    commandTimeoutSec: 0,
    ...config,
  } as AgentConfig;
  return { stateDir, log, config: fullConfig, frozen, logs, frozenCalls };
}
