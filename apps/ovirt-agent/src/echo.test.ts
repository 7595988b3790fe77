import { describe, expect, it } from '@jest/globals';
import { createMockPair } from '@ga/transport/mock';
import { attachEcho } from './echo.js';
import type { Log } from '@ga/log/journal-logger';

function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (m: string) => void lines.push(`${level}: ${m}`);
  return { lines, error: add('error'), warn: add('warn'), info: add('info'), debug: add('debug') };
}

describe('ovirt echo', () => {
  it('echoes each message as the reference agent would write it, split input and all', async () => {
    const { agent, host } = createMockPair();
    const log = memoryLog();
    attachEcho(agent, log);
    await agent.open();
    host.write('{"apiVersion": 3, "__na');
    host.write('me__": "refresh"}\r\n{"__name__": "x", "s": "\u00e9\\u0002"}\n');
    const out = await host.next((b) => b.toString().split('\n').length === 3);
    expect(out.toString('latin1')).toBe('{"apiVersion": 3, "__name__": "refresh"}\n{"__name__": "x", "s": "\\u00e9\\ufffd"}\n');
  });

  it('logs dropped lines and forgets a partial line on a new host session', async () => {
    const { agent, host } = createMockPair();
    const log = memoryLog();
    attachEcho(agent, log);
    await agent.open();
    host.write('[1]\n{"__name__": "half');
    host.hangup();
    host.connect();
    host.write('{"__name__": "whole"}\n');
    expect((await host.next()).toString()).toBe('{"__name__": "whole"}\n');
    expect(log.lines).toContain('warn: dropped a 3-byte line (not-an-object): "[1]"');
    expect(log.lines.filter((l) => l === 'info: host connected')).toHaveLength(2);
  });

  it('reports an echo that cannot be delivered instead of failing', async () => {
    const { agent, host } = createMockPair();
    const log = memoryLog();
    attachEcho(agent, log);
    await agent.open();
    host.hangup();
    host.write('{"__name__": "lost"}\n');
    for (let i = 0; i < 10 && !log.lines.some((l) => l.includes('not delivered')); i++) await new Promise((r) => setImmediate(r));
    expect(log.lines).toContain('warn: echo of "lost" not delivered: no client connected: the reply cannot be delivered');
  });
});
