import { afterEach, describe, expect, it } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundle } from '@ga/host-kit/run-bundle';
import { startStandInAgent } from '@ga/host-kit/stand-in-agent';
import type { StandInAgent } from '@ga/host-kit/stand-in-agent';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'ovirt-sim.mjs');
let running: StandInAgent | undefined;

/** A stand-in agent that echoes every line, as the echo agent does. */
async function echoAgent(): Promise<string> {
  running = await startStandInAgent('ovirt-sim-cli-', (s) => s.pipe(s));
  return running.path;
}

const run = (args: string[]) => runBundle(BUNDLE, args, 'run "npm run build" in tools/ovirt-sim first');

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('ovirt-sim CLI', () => {
  it('sends refresh, api-version, JSON and raw lines and prints what comes back', async () => {
    const path = await echoAgent();
    // The junk goes before a last valid line: when the count is reached, the junk's echo has been read.
    const after = '{"__name__": "after"}\\n';
    const r = await run(['--socket', path, '--refresh', '--api-version', '3', '--send', '{"__name__": "echo", "n": 1}', '--raw', 'junk\\n', '--raw', after, '--count', '4']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        '-> {"apiVersion": 3, "__name__": "refresh"}\n-> {"apiVersion": 3, "__name__": "api-version"}\n-> {"__name__": "echo", "n": 1}\n-> (raw) "junk\\\\n"\n' +
        `-> (raw) ${JSON.stringify(after)}\n` +
        '<- {"apiVersion": 3, "__name__": "refresh"}\n<- {"apiVersion": 3, "__name__": "api-version"}\n<- {"__name__": "echo", "n": 1}\n<- {"__name__": "after"}\n' +
        '<- (dropped: invalid-json) "junk"\n',
    });
  }, 30000);

  it('fails with a hint when nothing listens', async () => {
    const r = await run(['--socket', '/nonexistent/none.sock', '--refresh']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ovirt-sim: cannot connect to .*none\.sock: .*start the agent/);
  }, 30000);
});
