// qemu-ga.md §8 cases 42-46 (side-effect-free mutators) and wrong argument
// types for every command, generated from our command table
// (src/schema/commands.ts). Commands that would hurt this machine if an agent
// wrongly accepted the bad arguments are left out of the generated part.
import { describe, it } from '@jest/globals';
import { commandsFor } from '../../src/schema/commands.js';
import type { AnyType } from '../../src/schema/dsl.js';
import { conform, type ConformanceCase } from './conform.js';
import { NEWER_COMMANDS, OMITTED_ON_LINUX } from './intended-differences.js';

const HARMFUL = new Set([
  'guest-shutdown', 'guest-suspend-disk', 'guest-suspend-ram', 'guest-suspend-hybrid', 'guest-set-time',
  'guest-fsfreeze-freeze', 'guest-fsfreeze-freeze-list', 'guest-fsfreeze-thaw', 'guest-set-vcpus', 'guest-set-memory-blocks',
  'guest-set-user-password', 'guest-ssh-add-authorized-keys', 'guest-ssh-remove-authorized-keys', 'guest-fstrim',
]);
const NOT_IN_72 = new Set<string>([...NEWER_COMMANDS, ...OMITTED_ON_LINUX]);

/** JSON values of the wrong type for `t` (and a few edge values of the right type). */
function wrongValues(t: AnyType): string[] {
  const inner = t.kind === 'opt' ? (t as unknown as { of: AnyType }).of : t;
  switch (inner.kind) {
    case 'str': return ['1', 'null', '["x"]'];
    case 'enum': return ['1', '"bogus-value"'];
    case 'int': return ['"1"', '1.5', '2147483648', 'true'];
    case 'int64': return ['"1"', '1.5', '9223372036854775808', 'false'];
    case 'uint64': return ['"1"', '-1', '18446744073709551616'];
    case 'bool': return ['"true"', '1', 'null'];
    case 'num': return ['"1"', 'true'];
    case 'list': return ['{}', '"x"', '[{}]'];
    case 'struct': return ['1', '[]'];
    case 'alt': return ['[]', '{}'];
    default: return [];
  }
}

/**
 * A valid value for `t`, harmless if a command ever ran with it: paths and
 * names that do not exist, handles and pids that are not open.
 */
function sample(t: AnyType): string {
  const f = t as unknown as { of: AnyType; values: readonly string[]; branches: readonly AnyType[] };
  switch (t.kind) {
    case 'opt': return sample(f.of);
    case 'str': return '"/nonexistent/qga-dummy"';
    case 'enum': return JSON.stringify(f.values[0]);
    case 'int': case 'int64': case 'uint64': return '999999';
    case 'bool': return 'false';
    case 'num': return '1.5';
    case 'list': return '[]';
    case 'alt': return sample(f.branches[0]!);
    case 'struct': return '{}';
    default: return 'null';
  }
}

const generated: ConformanceCase = {
  name: 'wrong argument types for every command (from src/schema/commands.ts)',
  run: async (s) => {
    for (const c of commandsFor('linux')) {
      if (HARMFUL.has(c.name) || NOT_IN_72.has(c.name)) continue;
      const fields = Object.entries(c.args.fields);
      // The other required members get valid values, so the error is about the member under test.
      const required = (except?: string): string[] =>
        fields.filter(([k, t]) => t.kind !== 'opt' && k !== except).map(([k, t]) => `"${k}":${sample(t)}`);
      // Only commands with required members: the others would run (and return changing data).
      if (required().length > 0) await s.req(`{"execute":"${c.name}","arguments":{},"id":"${c.name} {}"}`);
      await s.req(`{"execute":"${c.name}","arguments":{${[...required(), '"zz-unexpected":1'].join(',')}},"id":"${c.name} extra"}`);
      for (const [field, type] of fields) {
        for (const v of wrongValues(type)) {
          const args = [...required(field), `"${field}":${v}`].join(',');
          await s.req(`{"execute":"${c.name}","arguments":{${args}},"id":"${c.name} ${field}=${v.replace(/"/g, "'")}"}`);
        }
      }
    }
  },
};

const cases: ConformanceCase[] = [
  { name: '§8.42 guest-set-vcpus with an empty list', run: async (s) => void (await s.req('{"execute":"guest-set-vcpus","arguments":{"vcpus":[]}}')) },
  { name: '§8.43 guest-set-memory-blocks with an empty list', run: async (s) => void (await s.req('{"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[]}}')) },
  {
    name: '§8.45 guest-set-user-password: bad base64',
    run: async (s) => void (await s.req('{"execute":"guest-set-user-password","arguments":{"username":"u","password":"!!notb64","crypted":false}}')),
  },
  {
    name: '§8.46 guest-set-user-password: forbidden characters',
    run: async (s) => void (await s.req('{"execute":"guest-set-user-password","arguments":{"username":"u","password":"YQpi","crypted":false}}')),
  },
  generated,
];

describe('conformance: argument checks (qemu-ga.md §8.42-46) and wrong types for every command', () => {
  for (const c of cases) it(c.name, () => conform(c), 180_000);
});
