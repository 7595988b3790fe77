import { describe, expect, it } from '@jest/globals';
import { AF_UNIX, AF_VSOCK, encodeSockaddrUn, encodeSockaddrVm, sockaddrUnPath, sockaddrVmCid, sockaddrVmPort } from './sockaddr.js';

describe('sockaddr', () => {
  it('encodes sockaddr_vm as linux/vm_sockets.h lays it out', () => {
    const b = encodeSockaddrVm(0xffffffff, 1234);
    expect(b.length).toBe(16);
    expect(b.readUInt16LE(0)).toBe(AF_VSOCK);
    expect(b.readUInt32LE(4)).toBe(1234);
    expect(b.readUInt32LE(8)).toBe(0xffffffff);
    expect(b.subarray(12).equals(Buffer.alloc(4))).toBe(true);
    expect(sockaddrVmCid(b)).toBe(0xffffffff);
    expect(sockaddrVmPort(b)).toBe(1234);
  });

  it('encodes sockaddr_un', () => {
    const b = encodeSockaddrUn('/tmp/a.sock');
    expect(b.readUInt16LE(0)).toBe(AF_UNIX);
    expect(sockaddrUnPath(b)).toBe('/tmp/a.sock');
    expect(sockaddrVmCid(b)).toBeUndefined();
    expect(() => encodeSockaddrUn('/' + 'x'.repeat(200))).toThrow(/too long/);
  });
});
