import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_TIMEOUT_MS, startAgent } from './helpers/agent.js';

const ask = async (args: string[], request: string, prepare?: (stateDir: string) => void): Promise<string[]> => {
  const agent = await startAgent(args, prepare);
  try {
    const c = await agent.connect();
    const lines = await c.request(request);
    const [info] = await c.request('{"execute":"guest-info"}');
    await c.close();
    return [...lines, info!];
  } finally {
    agent.cleanup();
  }
};

describe('qemu-ga bundle: command policy', () => {
  it('-b disables a command without reason; guest-exec-status stays enabled', async () => {
    const [reply, info] = await ask(['-b', 'guest-exec'], '{"execute":"guest-exec","arguments":{"path":"/bin/true"}}');
    expect(reply).toBe('{"error": {"class": "CommandNotFound", "desc": "Command guest-exec has been disabled"}}');
    const cmds = JSON.parse(info!).return.supported_commands as { name: string; enabled: boolean }[];
    expect(cmds.find((c) => c.name === 'guest-exec')!.enabled).toBe(false);
    expect(cmds.find((c) => c.name === 'guest-exec-status')!.enabled).toBe(true);
  }, E2E_TIMEOUT_MS);

  it('-a allows only the listed commands', async () => {
    const [reply] = await ask(['-a', 'guest-ping,guest-info'], '{"execute":"guest-get-time"}');
    expect(reply).toBe('{"error": {"class": "CommandNotFound", "desc": "Command guest-get-time has been disabled: the command is not allowed"}}');
  }, E2E_TIMEOUT_MS);

  it('starts frozen when the isfrozen marker exists and only allows the fs-frozen commands', async () => {
    const [reply, info] = await ask([], '{"execute":"guest-get-time"}', (dir) => writeFileSync(join(dir, 'qga.state.isfrozen'), ''));
    expect(reply).toBe('{"error": {"class": "CommandNotFound", "desc": "Command guest-get-time has been disabled: the agent is in frozen state"}}');
    const enabled = (JSON.parse(info!).return.supported_commands as { name: string; enabled: boolean }[]).filter((c) => c.enabled).map((c) => c.name).sort();
    expect(enabled).toEqual(['guest-fsfreeze-status', 'guest-fsfreeze-thaw', 'guest-info', 'guest-ping', 'guest-sync', 'guest-sync-delimited']);
  }, E2E_TIMEOUT_MS);
});
