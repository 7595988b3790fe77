import { describe, expect, it } from '@jest/globals';
import { shipsInPackage } from './prune.js';

describe('shipsInPackage', () => {
  const ships = (p: string) => shipsInPackage(p, 'x64');
  it('keeps the bundle, drops its source map', () => {
    expect(ships('qemu-ga.mjs')).toBe(true);
    expect(ships('qemu-ga.mjs.map')).toBe(false);
  });
  it('keeps only the linux glibc prebuild of this architecture', () => {
    const pre = 'node_modules/@serialport/bindings-cpp/prebuilds';
    expect(ships(`${pre}/linux-x64/@serialport+bindings-cpp.glibc.node`)).toBe(true);
    expect(ships(`${pre}/linux-x64/@serialport+bindings-cpp.musl.node`)).toBe(false);
    expect(ships(`${pre}/linux-arm64/@serialport+bindings-cpp.armv8.glibc.node`)).toBe(false);
    expect(ships(`${pre}/darwin-x64+arm64/@serialport+bindings-cpp.node`)).toBe(false);
    expect(ships(`${pre}/win32-x64/@serialport+bindings-cpp.node`)).toBe(false);
    expect(shipsInPackage(`${pre}/linux-arm64/x.glibc.node`, 'arm64')).toBe(true);
    expect(ships('node_modules/@koromix/koffi-linux-x64/musl_x64/koffi.node')).toBe(false);
    expect(ships('node_modules/@koromix/koffi-linux-x64/linux_x64/koffi.node')).toBe(true);
  });
  it('drops C sources, headers and docs but keeps runtime JS and licenses', () => {
    expect(ships('node_modules/koffi/src/core/libcc/libcc.cc')).toBe(false);
    expect(ships('node_modules/koffi/vendor/x/y.h')).toBe(false);
    expect(ships('node_modules/koffi/README.md')).toBe(false);
    expect(ships('node_modules/debug/src/index.js')).toBe(true);
    expect(ships('node_modules/koffi/src/koffi/index.cjs')).toBe(true);
    expect(ships('node_modules/koffi/src/koffi/src/abi/x64_asm.S')).toBe(false);
    expect(ships('node_modules/koffi/cnoke.cjs')).toBe(false);
    expect(ships('node_modules/node-gyp-build/bin.js')).toBe(false);
    expect(ships('node_modules/node-gyp-build/index.js')).toBe(true);
    expect(ships('node_modules/koffi/LICENSE.txt')).toBe(true);
  });
});
