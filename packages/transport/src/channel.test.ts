import { describe, expect, it } from '@jest/globals';
import type { ChannelSpec } from './channel.js';

describe('ChannelSpec', () => {
  it('is a tagged union', () => {
    const spec: ChannelSpec = { method: 'unix-listen', path: '/tmp/x' };
    expect(spec.method).toBe('unix-listen');
  });
});
