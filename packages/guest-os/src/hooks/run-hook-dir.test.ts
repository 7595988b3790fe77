import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHookDir } from './run-hook-dir.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const script = (name: string, body: string, mode = 0o755) => {
  writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, name), mode);
};

describe('runHookDir', () => {
  it('runs entries in name order with the arguments, capturing output and status', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hooks-'));
    script('20_second', 'echo second "$1"; exit 3');
    script('10_first', 'echo first "$1" >&2');
    script('30_noexec', 'echo never', 0o644);
    const r = await runHookDir(dir, { args: ['before_migration'] });
    expect(r.missing).toBe(false);
    expect(r.results.map((h) => [h.name, h.exitCode, h.output.trim()])).toEqual([
      ['10_first', 0, 'first before_migration'],
      ['20_second', 3, 'second before_migration'],
      ['30_noexec', null, ''],
    ]);
    expect(r.results[2]!.error).toMatch(/EACCES/);
  });

  it('kills a hook that overruns its timeout and goes on with the next', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hooks-'));
    script('1_hang', 'sleep 30');
    script('2_ok', 'echo ok');
    const r = await runHookDir(dir, { timeoutMs: 200 });
    expect(r.results.map((h) => [h.name, h.timedOut, h.signal])).toEqual([['1_hang', true, 'SIGKILL'], ['2_ok', false, null]]);
  });

  it('reports a missing directory', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hooks-'));
    expect(await runHookDir(join(dir, 'none'))).toEqual({ missing: true, results: [] });
  });
});
