/** Test-only AgentContext: a log that records lines ("level: text"), a settable frozen flag that records its calls. */
import type { AgentConfig, AgentContext, FrozenFlag, AgentLogLike } from '../context.js';
import { defaultConfig } from '../config/defaults.js';

export interface FakeContext extends AgentContext {
  readonly lines: string[];
  readonly frozenCalls: boolean[];
  readonly frozen: FrozenFlag & { frozen: boolean };
}

export function fakeContext(config: Partial<AgentConfig> = {}): FakeContext {
  const lines: string[] = [];
  const frozenCalls: boolean[] = [];
  const log: AgentLogLike = {
    error: (m) => lines.push(`error: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    info: (m) => lines.push(`info: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
    audit: (m) => lines.push(`audit: ${m}`),
    debugEnabled: true,
  };
  const frozen: FrozenFlag & { frozen: boolean } = {
    frozen: false,
    async set(value: boolean) {
      frozenCalls.push(value);
      this.frozen = value;
    },
  };
  const full: AgentConfig = { ...defaultConfig(), stateDir: '/nonexistent-test-statedir', path: '/dev/null', pidFile: '/nonexistent/pid', commandTimeoutSec: 0, ...config };
  return { stateDir: full.stateDir, log, config: full, frozen, lines, frozenCalls };
}
