import { describe, expect, it } from '@jest/globals';
import { createMockPair } from '@ga/transport/mock';
import { attachEcho } from './echo.js';
import type { Log } from '@ga/log/journal-logger';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
// spice-vdagent.md §6.
const V2_HOST_CAPS = hex('01000000 1c000000 01000000 06000000 00000000 00000000 08000000 01000000 77500300');
const V6_HOST_GRAB = hex('01000000 20000000 01000000 07000000 00000000 00000000 0c000000 00000000 00000000 01000000');
const V9_MOUSE = hex('02000000 21000000 01000000 01000000 00000000 00000000 0d000000 64000000 c8000000 02000000 00');

function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (m: string) => void lines.push(`${level}: ${m}`);
  return { lines, error: add('error'), warn: add('warn'), info: add('info'), debug: add('debug') };
}

describe('spice echo', () => {
  it('echoes byte-exactly on the source port, one byte at a time in', async () => {
    const { agent, host } = createMockPair();
    attachEcho(agent, memoryLog());
    await agent.open();
    const input = Buffer.concat([V2_HOST_CAPS, V9_MOUSE, V6_HOST_GRAB]);
    for (const b of input) host.write(Buffer.from([b]));
    const out = await host.next((b) => b.length === input.length);
    expect(out.equals(input)).toBe(true);
  });

  it('logs resets and invalid messages and carries on', async () => {
    const { agent, host } = createMockPair();
    const log = memoryLog();
    attachEcho(agent, log);
    await agent.open();
    host.write(hex('09000000 00000000'));
    host.write(hex('01000000 1c000000 02000000 08000000 00000000 00000000 08000000 00000000 01000000'));
    host.write(V9_MOUSE);
    expect((await host.next()).equals(V9_MOUSE)).toBe(true);
    expect(log.lines).toContain('warn: port stream reset: chunk port 9 out of range');
    expect(log.lines).toContain('warn: dropped a message on port 1: protocol 2 is not 1');
  });
});
