import { describe, expect, it } from '@jest/globals';
import { alt, bool, enumOf, int, int64, list, num, opt, str, struct, uint64 } from './dsl.js';
import { commands } from './commands.js';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a validation error');
};

describe('schema DSL validation texts (qemu-ga wording)', () => {
  const sync = commands['guest-sync'].args;

  it('reports a missing member', () => {
    expect(errorOf(() => sync.check({}, []))).toBe("Parameter 'id' is missing");
  });

  it('rejects non-integers for int, including doubles and integers >= 2^63', () => {
    for (const bad of ['x', 1.5, 3, true, null, [], {}, 2n ** 63n]) {
      expect(errorOf(() => sync.check({ id: bad }, []))).toBe("Invalid parameter type for 'id', expected: integer");
    }
    expect(sync.check({ id: 2n ** 63n - 1n }, [])).toEqual({ id: 2n ** 63n - 1n });
    expect(sync.check({ id: -(2n ** 63n) }, [])).toEqual({ id: -(2n ** 63n) });
  });

  it('reports unexpected members after checking the declared ones', () => {
    expect(errorOf(() => sync.check({ id: 1n, x: 1n }, []))).toBe("Parameter 'x' is unexpected");
    expect(errorOf(() => sync.check({ x: 1n }, []))).toBe("Parameter 'id' is missing");
    expect(errorOf(() => commands['guest-ping'].args.check({ x: 1n }, []))).toBe("Parameter 'x' is unexpected");
  });

  it('names the other scalar types like QEMU', () => {
    const s = struct('T', { s: opt(str), b: opt(bool), n: opt(num), u: opt(uint64), l: opt(list(str)), o: opt(struct('U', {})) });
    expect(errorOf(() => s.check({ s: 1n }, []))).toBe("Invalid parameter type for 's', expected: string");
    expect(errorOf(() => s.check({ b: 'true' }, []))).toBe("Invalid parameter type for 'b', expected: boolean");
    expect(errorOf(() => s.check({ n: 'x' }, []))).toBe("Invalid parameter type for 'n', expected: number");
    expect(errorOf(() => s.check({ u: 1.5 }, []))).toBe("Parameter 'u' expects uint64");
    expect(errorOf(() => s.check({ l: {} }, []))).toBe("Invalid parameter type for 'l', expected: array");
    expect(errorOf(() => s.check({ o: [] }, []))).toBe("Invalid parameter type for 'o', expected: object");
    expect(errorOf(() => s.check({ l: ['a', 2n] }, []))).toBe("Invalid parameter type for 'l[1]', expected: string");
    expect(s.check({ n: 3n }, [])).toEqual({ n: 3 });
    expect(s.check({ u: -1n }, [])).toEqual({ u: 2n ** 64n - 1n });
  });

  it('treats an explicit null in an optional member as a wrong type', () => {
    expect(errorOf(() => commands['guest-file-read'].args.check({ handle: 1000n, count: null }, []))).toBe(
      "Invalid parameter type for 'count', expected: integer",
    );
  });

  it('spells nested paths as QEMU does', () => {
    const args = commands['guest-set-vcpus'].args;
    expect(errorOf(() => args.check({ vcpus: [{ 'logical-id': 0n, online: true }, { online: true }] }, []))).toBe(
      "Parameter 'vcpus[1].logical-id' is missing",
    );
    expect(errorOf(() => args.check({ vcpus: [{ 'logical-id': 0n, online: 1n }] }, []))).toBe(
      "Invalid parameter type for 'vcpus[0].online', expected: boolean",
    );
    expect(errorOf(() => args.check({ vcpus: [{ 'logical-id': 0n, online: true, x: 1n }] }, []))).toBe(
      "Parameter 'vcpus[0].x' is unexpected",
    );
    expect(args.check({ vcpus: [] }, [])).toEqual({ vcpus: [] });
  });

  it('checks enums and alternates (whence, capture-output)', () => {
    const seek = commands['guest-file-seek'].args;
    const base = { handle: 1000n, offset: 0n };
    expect(seek.check({ ...base, whence: 'set' }, [])).toEqual({ handle: 1000, offset: 0, whence: 'set' });
    expect(seek.check({ ...base, whence: 1n }, [])).toEqual({ handle: 1000, offset: 0, whence: 1 });
    expect(errorOf(() => seek.check({ ...base, whence: 'bogus' }, []))).toBe("Parameter 'whence' does not accept value 'bogus'");
    expect(errorOf(() => seek.check({ ...base, whence: true }, []))).toBe(
      "Invalid parameter type for 'whence', expected: GuestFileWhence",
    );
    expect(errorOf(() => seek.check({ ...base, whence: 1.5 }, []))).toBe("Invalid parameter type for 'whence', expected: integer");
    expect(errorOf(() => seek.check(base, []))).toBe("Parameter 'whence' is missing");
    const exec = commands['guest-exec'].args;
    expect(exec.check({ path: '/bin/true', 'capture-output': true }, [])).toEqual({ path: '/bin/true', 'capture-output': true });
    expect(exec.check({ path: '/bin/true', 'capture-output': 'merged' }, [])).toEqual({ path: '/bin/true', 'capture-output': 'merged' });
    expect(errorOf(() => exec.check({ path: '/bin/true', 'capture-output': 1n }, []))).toBe(
      "Invalid parameter type for 'capture-output', expected: GuestExecCaptureOutput",
    );
  });

  it('enum errors use the member name only, "null" for list elements', () => {
    const e = enumOf('E', ['a']);
    expect(errorOf(() => list(e).check(['b'], ['xs']))).toBe("Parameter 'null' does not accept value 'b'");
    expect(errorOf(() => struct('S', { e }).check({ e: 'b' }, ['outer', 0]))).toBe("Parameter 'e' does not accept value 'b'");
  });

  it('int gives a JS number, int64 keeps bigint', () => {
    expect(int.check(5n, ['x'])).toBe(5);
    expect(int64.check(9007199254740993n, ['x'])).toBe(9007199254740993n);
    expect(alt('A', int, bool).check(false, ['a'])).toBe(false);
  });
});
