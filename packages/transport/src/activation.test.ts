import { describe, expect, it } from '@jest/globals';
import { listenFdFromEnv } from './activation.js';

describe('listenFdFromEnv', () => {
  it('returns fd 3 when LISTEN_PID is this process, and unsets the variables', () => {
    const env: NodeJS.ProcessEnv = { LISTEN_FDS: '1', LISTEN_PID: '42', LISTEN_FDNAMES: 'qga' };
    expect(listenFdFromEnv(env, 42)).toBe(3);
    expect(env).toEqual({});
  });
  it('ignores fds meant for another process', () => {
    expect(listenFdFromEnv({ LISTEN_FDS: '1', LISTEN_PID: '41' }, 42)).toBeUndefined();
    expect(listenFdFromEnv({ LISTEN_FDS: '1' }, 42)).toBeUndefined();
    expect(listenFdFromEnv({}, 42)).toBeUndefined();
  });
  it('refuses more than one fd like qemu-ga', () => {
    expect(() => listenFdFromEnv({ LISTEN_FDS: '2', LISTEN_PID: '42' }, 42)).toThrow(/exactly one is supported/);
  });
});
