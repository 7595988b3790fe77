import { afterEach, describe, expect, it } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundle } from '@ga/host-kit/run-bundle';
import { startStandInAgent } from '@ga/host-kit/stand-in-agent';
import type { StandInAgent } from '@ga/host-kit/stand-in-agent';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'spice-sim.mjs');
// spice-vdagent.md §6 V1 (the Linux daemon's first message) and V9.
const V1 = '01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 e78d0300';
const V9 = '02000000 21000000 01000000 01000000 00000000 00000000 0d000000 64000000 c8000000 02000000 00';
let running: StandInAgent | undefined;

/** A stand-in agent: announces the Linux daemon's caps, then echoes every byte. */
async function fakeAgent(): Promise<string> {
  running = await startStandInAgent('spice-sim-cli-', (s) => {
    s.write(Buffer.from(V1.replace(/\s+/g, ''), 'hex'));
    s.pipe(s);
  });
  return running.path;
}

const run = (args: string[]) => runBundle(BUNDLE, args, 'run "npm run build" in tools/spice-sim first');

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('spice-sim CLI', () => {
  it('announces caps, sends hex vectors and prints decoded messages', async () => {
    const path = await fakeAgent();
    const r = await run(['--socket', path, '--announce-caps', '--send-hex', V9, '--count', '3']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '-> port 1 ANNOUNCE_CAPABILITIES request=1 caps=0x00035077\n-> 41 bytes\n' +
        '<- port 1 ANNOUNCE_CAPABILITIES {"request":1,"caps":[232935]}\n' +
        '<- port 1 ANNOUNCE_CAPABILITIES {"request":1,"caps":[217207]}\n' +
        '<- port 2 MOUSE_STATE {"x":100,"y":200,"buttons":2,"display_id":0}\n',
    );
    expect(r.code).toBe(0);
  }, 30000);

  it('refuses odd hex', async () => {
    const path = await fakeAgent();
    const r = await run(['--socket', path, '--send-hex', 'abc']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('spice-sim: --send-hex abc: not an even number of hex digits\n');
  }, 30000);
});
