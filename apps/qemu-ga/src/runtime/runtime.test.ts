import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createAgentLogger } from '@ga/log/agent-logger';
import { FROZEN_MARKER, FrozenState, markerExists } from './frozen-state.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('frozen state', () => {
  it('creates the 0600 marker on freeze, removes it on thaw, and suspends logging in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qga-frz-'));
    try {
      const out = capture();
      const log = createAgentLogger({ program: 'qemu-ga', style: 'qemu-ga', level: 'debug', stderr: out.stream, journal: true });
      const state = new FrozenState(dir, log, false);
      const seen: boolean[] = [];
      state.onChange((f) => seen.push(f));
      await state.set(true);
      expect(state.frozen).toBe(true);
      expect(markerExists(dir)).toBe(true);
      expect(statSync(join(dir, FROZEN_MARKER)).mode & 0o777).toBe(0o600);
      expect(log.suspended).toBe(true);
      log.info('during');
      await tick();
      expect(out.text()).not.toContain('during');
      await state.set(false);
      await tick();
      expect(markerExists(dir)).toBe(false);
      expect(out.text()).toContain('<6>info: during');
      expect(seen).toEqual([true, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
