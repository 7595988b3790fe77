import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createLogger } from './logger.js';
import { FROZEN_MARKER, FrozenState, markerExists } from './frozen-state.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('logger', () => {
  it('writes sd-daemon priority prefixes to stderr and honours the level', async () => {
    const out = capture();
    const log = createLogger({ verbose: false, stderr: out.stream });
    log.error('e1');
    log.warn('w1');
    log.info('i1');
    log.debug('d1');
    await tick();
    expect(out.text()).toBe('<3>error: e1\n<4>warn: w1\n<6>info: i1\n');
  });

  it('keeps lines in memory while suspended and writes them on resume, in order', async () => {
    const out = capture();
    const log = createLogger({ verbose: true, stderr: out.stream });
    log.suspend();
    log.info('while frozen');
    log.debug('also');
    await tick();
    expect(out.text()).toBe('');
    log.resume();
    log.info('after');
    await tick();
    expect(out.text()).toBe('<6>info: while frozen\n<7>debug: also\n<6>info: after\n');
  });

  it('does not even open the log file while suspended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qga-log-'));
    try {
      const file = join(dir, 'qga.log');
      const log = createLogger({ verbose: false, logFile: file, suspended: true });
      log.error('kept');
      expect(existsSync(file)).toBe(false);
      log.resume();
      await log.close();
      expect(readFileSync(file, 'utf8')).toMatch(/^\d+\.\d{6}: error: kept\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('frozen state', () => {
  it('creates the 0600 marker on freeze, removes it on thaw, and suspends logging in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qga-frz-'));
    try {
      const out = capture();
      const log = createLogger({ verbose: false, stderr: out.stream });
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
