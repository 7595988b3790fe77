import { describe, expect, it } from '@jest/globals';
import { parseArgs } from './getopt.js';
import { UsageError } from './option-table.js';
import type { OptionTable } from './option-table.js';

const table: OptionTable<unknown> = {
  program: 't',
  options: [
    { long: 'debug', short: 'd', arg: 'none', kind: 'count', help: '' },
    { long: 'socket', short: 's', arg: 'required', kind: 'string', help: '' },
    { long: 'hook', short: 'F', arg: 'optional', kind: 'string', help: '' },
    { long: 'block', short: 'b', arg: 'required', kind: 'list', deprecatedLongs: ['blacklist'], help: '' },
    { long: 'blocking-mode', arg: 'none', kind: 'bool', help: '' },
  ],
};

describe('getopt-style parsing', () => {
  it('counts flags, keeps the last scalar, accumulates lists, leaves operands', () => {
    const a = parseArgs(table, ['-dd', '-s/a', '--socket', '/b', '-b', 'x', '--block=y', 'op', '-F', '--', '-d']);
    expect(a.counts.get('debug')).toBe(2);
    expect(a.values.get('socket')).toBe('/b');
    expect(a.lists.get('block')).toEqual(['x', 'y']);
    expect(a.values.get('hook')).toBe('');
    expect(a.operands).toEqual(['op', '-d']);
  });

  it('matches unambiguous prefixes and reports the ambiguous ones and deprecated names', () => {
    expect(parseArgs(table, ['--sock=/x']).values.get('socket')).toBe('/x');
    expect(() => parseArgs(table, ['--bl', 'x'])).toThrow(new UsageError("option '--bl' is ambiguous"));
    expect(parseArgs(table, ['--blacklist', 'x']).deprecated).toEqual([['--blacklist', '--block']]);
    expect(() => parseArgs(table, ['--debug=1'])).toThrow("option '--debug' doesn't allow an argument");
    expect(() => parseArgs(table, ['-s'])).toThrow("option requires an argument -- 's'");
  });
});
