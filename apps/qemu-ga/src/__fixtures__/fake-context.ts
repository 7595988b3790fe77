/** Test-only AgentContext with a settable frozen flag and a log that records lines. */
import type { AgentConfig, AgentContext, FrozenFlag, Logger } from '../context.js';
import { defaultConfig } from '../config/defaults.js';

export interface FakeContext extends AgentContext {
  readonly lines: string[];
  readonly frozen: FrozenFlag & { frozen: boolean };
}

export function fakeContext(config: Partial<AgentConfig> = {}): FakeContext {
  const lines: string[] = [];
  const log: Logger = {
    error: (m) => lines.push(`error: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    info: (m) => lines.push(`info: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
  };
  const frozen = {
    frozen: false,
    async set(f: boolean) {
      frozen.frozen = f;
    },
  };
  const full = { ...defaultConfig(), stateDir: '/nonexistent-test-statedir', ...config };
  return { stateDir: full.stateDir, log, config: full, frozen, lines };
}
