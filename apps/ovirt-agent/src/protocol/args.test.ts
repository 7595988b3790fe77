import { describe, expect, it } from '@jest/globals';
import { toBool, toInt, toStr } from './args.js';

describe('argument coercion', () => {
  it('reads ints like Python int()', () => {
    expect([toInt(70), toInt('30'), toInt(' -2 '), toInt(2.9), toInt('x'), toInt('3.0'), toInt(null), toInt(true), toInt(Infinity)]).toEqual([70, 30, -2, 2, undefined, undefined, undefined, undefined, undefined]);
  });
  it('reads booleans from JSON booleans and VDSM strings', () => {
    expect([toBool(true), toBool('True'), toBool('false'), toBool('FALSE'), toBool(1), toBool(0), toBool('maybe'), toBool(null)]).toEqual([true, true, false, false, true, false, undefined, undefined]);
  });
  it('reads strings and numbers as strings', () => {
    expect([toStr('a'), toStr(5), toStr(null), toStr({})]).toEqual(['a', '5', undefined, undefined]);
  });
});
