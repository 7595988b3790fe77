import { describe, expect, it } from '@jest/globals';
import { createHandlers } from './commands/index.js';
import { commands, commandsFor } from './schema/commands.js';

describe('handler table', () => {
  it('has exactly one handler per command of the Linux build', () => {
    const handlerKeys = Object.keys(createHandlers()).sort();
    const schemaKeys = commandsFor('linux').map((c) => c.name).sort();
    expect(handlerKeys).toEqual(schemaKeys);
  });

  it('builds 43 of the 44 commands on Linux (guest-get-devices is Windows-only)', () => {
    expect(Object.keys(commands)).toHaveLength(44);
    expect(commandsFor('linux')).toHaveLength(43);
    expect(commandsFor('linux').map((c) => c.name)).not.toContain('guest-get-devices');
    expect(commandsFor('win32').map((c) => c.name)).toContain('guest-get-devices');
  });
});
