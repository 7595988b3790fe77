import { describe, expect, it } from '@jest/globals';
import { assertVmPrerequisites, missingVmPackages } from './prereq.js';

describe('VM prerequisites', () => {
  it('lists nothing when every command exists', () => {
    expect(missingVmPackages(() => true)).toEqual([]);
    expect(() => assertVmPrerequisites(() => true)).not.toThrow();
  });

  it('fails with the exact apt-get command for what is missing', () => {
    const has = (cmd: string): boolean => cmd !== 'qemu-system-x86_64' && cmd !== 'lz4';
    expect(() => assertVmPrerequisites(has)).toThrow(
      'apt-get update && apt-get install -y --no-install-recommends qemu-system-x86 lz4',
    );
  });

  it('finds the real tools on this machine', () => {
    expect(missingVmPackages()).toEqual([]);
  });
});
