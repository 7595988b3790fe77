import { describe, expect, it } from '@jest/globals';
import { fakeContext } from '../__fixtures__/fake-context.js';
import { commandsFor } from '../schema/commands.js';
import { LOADERS, createHandlers } from './index.js';
import type { GroupLoaders } from './index.js';
import { syncHandlers } from './sync.js';
import { systemInfoHandlers } from './system-info.js';

describe('handler table with groups loaded on first use', () => {
  it('serves the agent’s own commands from the start, with the module’s own functions', () => {
    const h = createHandlers();
    expect(h['guest-ping']).toBe(syncHandlers['guest-ping']);
    expect(h['guest-info']).toBe(syncHandlers['guest-info']);
  });

  it('loads a group at its first call, then its real handlers replace the stand-ins', async () => {
    const h = createHandlers();
    const standIn = h['guest-get-host-name'];
    expect(standIn).not.toBe(systemInfoHandlers['guest-get-host-name']);
    const ctx = fakeContext();
    const expected = await systemInfoHandlers['guest-get-host-name']({}, ctx);
    await expect(h['guest-get-host-name']({}, ctx)).resolves.toEqual(expected);
    expect(h['guest-get-host-name']).toBe(systemInfoHandlers['guest-get-host-name']);
    expect(h['guest-get-timezone']).toBe(systemInfoHandlers['guest-get-timezone']);
    // A copy taken before the load keeps working through its stand-in.
    await expect(standIn({}, ctx)).resolves.toEqual(expected);
  });

  it('imports a group once for concurrent first calls, and again after a failed import', async () => {
    let imports = 0;
    let fail = true;
    const loaders: GroupLoaders = {
      ...LOADERS,
      time: async () => {
        imports++;
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error('import failed');
        return { 'guest-set-time': async () => undefined };
      },
    };
    const h = createHandlers(loaders);
    const ctx = fakeContext();
    const calls = [h['guest-set-time']({}, ctx), h['guest-set-time']({}, ctx)];
    await expect(calls[0]).rejects.toThrow('import failed');
    await expect(calls[1]).rejects.toThrow('import failed');
    expect(imports).toBe(1);
    fail = false;
    await expect(h['guest-set-time']({}, ctx)).resolves.toBeUndefined();
    expect(imports).toBe(2);
  });

  it('every group’s module provides exactly the commands the table gives it', async () => {
    for (const [group, load] of Object.entries(LOADERS)) {
      const names = commandsFor().filter((c) => c.group === group).map((c) => c.name).sort();
      expect([group, Object.keys(await load()).sort()]).toEqual([group, names]);
    }
    expect(Object.keys(syncHandlers).sort()).toEqual(commandsFor().filter((c) => c.group === 'sync').map((c) => c.name).sort());
  });
});
