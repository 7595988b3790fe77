import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { OvirtHost } from '@ga/ovirt-sim/host';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startListeningAgent } from '@ga/host-kit/agent-process';
import type { RunningAgent } from '@ga/host-kit/agent-process';

const AGENT = {
  bundle: join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'ovirt-agent.mjs'),
  packageDir: 'apps/ovirt-agent',
  socketName: 'ovirt.sock',
};
let agent: RunningAgent;
let hosts: OvirtHost[] = [];
const connect = async () => {
  const h = await OvirtHost.connect(agent.socket, { timeoutMs: 8000 });
  hosts.push(h);
  return h;
};
const text = (h: OvirtHost) => Buffer.concat(h.raw).toString('latin1');

beforeEach(async () => {
  agent = await startListeningAgent(AGENT, ['--verbose']);
});
afterEach(async () => {
  for (const h of hosts) await h.close();
  hosts = [];
  expect(await agent.stop()).toBe(0);
});

describe('ovirt-agent echo over unix-listen', () => {
  it('echoes VDSM commands byte for byte (V3 refresh, V4 api-version, V6 echo)', async () => {
    const host = await connect();
    await host.refresh();
    await host.apiVersion(3);
    await host.send({ __name__: 'echo', foo: 'bar', n: 1 });
    await host.send({ __name__: 'echo' });
    for (let i = 0; i < 4; i++) await host.next();
    expect(text(host)).toBe(
      '{"apiVersion": 3, "__name__": "refresh"}\n{"apiVersion": 3, "__name__": "api-version"}\n' +
        '{"__name__": "echo", "foo": "bar", "n": 1}\n{"__name__": "echo"}\n',
    );
  }, 30000);

  it('ignores garbage (V9) and keeps serving; writes ASCII with U+FFFD for bad UTF-8 and XML-restricted characters', async () => {
    const host = await connect();
    await host.sendRaw(Buffer.concat([
      Buffer.from('garbage line\n[1, 2]\n{"__name__": "no-such-command"}\n{"no": "name"}\n\r\n', 'latin1'),
      Buffer.from('{"__name__": "host-name", "name": "caf', 'latin1'),
      Buffer.from([0xc3, 0xa9, 0x2d, 0xff, 0xfe]),
      Buffer.from('-ok", "os": "a\\u0001b\\u0085c", "e": "\\ud83d\\ude00"}\n', 'latin1'),
    ]));
    const first = await host.next();
    expect(first.message.__name__).toBe('no-such-command');
    await host.next();
    expect(text(host)).toBe(
      '{"__name__": "no-such-command"}\n' +
        '{"__name__": "host-name", "name": "caf\\u00e9-\\ufffd\\ufffd-ok", "os": "a\\ufffdb\\u0085c", "e": "\\ud83d\\ude00"}\n',
    );
    await agent.waitForStderr('(no-name)');
    expect(agent.stderr()).toContain('dropped a 12-byte line (invalid-json)');
    expect(agent.stderr()).toContain('(not-an-object)');
    expect(agent.stderr()).toContain('(no-name)');
  }, 30000);

  it('drops a line of 1 MiB or more and resynchronises at the next newline', async () => {
    const host = await connect();
    await host.sendRaw(Buffer.concat([Buffer.alloc(1024 * 1024 + 60, 0x61), Buffer.from('\n{"__name__": "refresh"}\n')]));
    expect((await host.next()).bytes.toString()).toBe('{"__name__": "refresh"}');
    expect(await agent.waitForStderr('(too-long)')).toContain(`dropped a ${1024 * 1024 + 60}-byte line (too-long)`);
  }, 30000);

  it('starts each host session with a clean stream', async () => {
    const first = await connect();
    await first.sendRaw('{"__name__": "half');
    await first.close();
    const second = await connect();
    await second.send({ __name__: 'echo', session: 2 });
    expect((await second.next()).bytes.toString()).toBe('{"__name__": "echo", "session": 2}');
    expect(text(second)).toBe('{"__name__": "echo", "session": 2}\n');
  }, 30000);
});
