import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startListeningAgent } from './agent-process.js';

// Stand-in "bundles": one that listens on --path like the agents, one that fails at startup.
const dir = mkdtempSync(join(tmpdir(), 'host-kit-agent-'));
const listening = join(dir, 'listening.mjs');
writeFileSync(
  listening,
  `import { writeFileSync } from 'node:fs';
   import { createServer } from 'node:net';
   const path = process.argv[process.argv.indexOf('--path') + 1];
   writeFileSync(path + '.args', process.argv.slice(2).join(' '));
   const server = createServer().listen(path);
   process.once('SIGTERM', () => server.close(() => process.exit(0)));`,
);
const failing = join(dir, 'failing.mjs');
writeFileSync(failing, `console.error('cannot open the channel'); process.exit(1);`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startListeningAgent', () => {
  it('starts the bundle on a unix-listen socket with the extra arguments and stops it with SIGTERM', async () => {
    const agent = await startListeningAgent({ bundle: listening, packageDir: 'apps/x', socketName: 'x.sock' }, ['-v']);
    expect(agent.socket).toMatch(/\/x-e2e-[^/]+\/x\.sock$/);
    expect(readFileSync(`${agent.socket}.args`, 'utf8')).toBe(`--method unix-listen --path ${agent.socket} -v`);
    expect(await agent.stop()).toBe(0);
  });

  it('reports the stderr of an agent that never listens, and a missing bundle with the build command', async () => {
    await expect(startListeningAgent({ bundle: failing, packageDir: 'apps/x', socketName: 'x.sock' })).rejects.toThrow(
      /x\.sock never listened: the agent exited with 1; its stderr:\ncannot open the channel/,
    );
    await expect(startListeningAgent({ bundle: join(dir, 'none.mjs'), packageDir: 'apps/x', socketName: 'x.sock' })).rejects.toThrow(
      'none.mjs is missing: run "npm run build" in apps/x first',
    );
  });
});
