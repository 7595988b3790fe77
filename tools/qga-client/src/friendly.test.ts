import { afterEach, describe, expect, it } from '@jest/globals';
import { QgaClient } from './client.js';
import { FakeAgent, qemuLike } from './fake-agent.test-helper.js';
import { FRIENDLY } from './friendly.js';

let agent: FakeAgent | undefined;
let client: QgaClient | undefined;
afterEach(async () => {
  await client?.close();
  await agent?.stop();
});

describe('friendly sub-commands', () => {
  it('exec polls guest-exec-status until exited and returns output and exit code', async () => {
    let polls = 0;
    agent = new FakeAgent((req, sock, raw) => {
      if (req.execute === 'guest-exec') sock.write('{"return": {"pid": 4242}}\n');
      else if (req.execute === 'guest-exec-status') {
        sock.write(++polls < 3 ? '{"return": {"exited": false}}\n' : '{"return": {"exitcode": 3, "out-data": "aGkK", "err-data": "ZXJyCg==", "exited": true}}\n');
      } else qemuLike(req, sock, raw);
    });
    await agent.start();
    client = await QgaClient.connect(agent.path);
    const r = await FRIENDLY.exec!(client, ['/bin/sh', '-c', 'x'], 1000);
    expect(r).toEqual({ stdout: 'hi\n', stderr: 'err\n', exitCode: 3 });
    expect(polls).toBe(3);
    expect(agent.bytes().toString('latin1')).toContain('{"execute":"guest-exec","arguments":{"path":"/bin/sh","arg":["-c","x"],"capture-output":true}}');
  });

  it('cat reads until eof and always closes the handle', async () => {
    const seen: string[] = [];
    agent = new FakeAgent((req, sock, raw) => {
      seen.push(String(req.execute));
      if (req.execute === 'guest-file-open') sock.write('{"return": 1000}\n');
      else if (req.execute === 'guest-file-read') sock.write(seen.filter((x) => x === 'guest-file-read').length === 1 ? '{"return": {"count": 3, "buf-b64": "YWJj", "eof": false}}\n' : '{"return": {"count": 0, "buf-b64": "", "eof": true}}\n');
      else if (req.execute === 'guest-file-close') sock.write('{"return": {}}\n');
      else qemuLike(req, sock, raw);
    });
    await agent.start();
    client = await QgaClient.connect(agent.path);
    expect(await FRIENDLY.cat!(client, ['/etc/x'], 1000)).toEqual({ stdout: 'abc', exitCode: 0 });
    expect(seen.slice(1)).toEqual(['guest-file-open', 'guest-file-read', 'guest-file-read', 'guest-file-close']);
  });

  it('reports agent errors with the agent\'s text', async () => {
    agent = new FakeAgent(qemuLike);
    await agent.start();
    client = await QgaClient.connect(agent.path);
    await expect(FRIENDLY.info!(client, [], 1000)).rejects.toThrow('guest-info failed: The command guest-info has not been found (CommandNotFound)');
  });
});
