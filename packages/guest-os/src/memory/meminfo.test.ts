import { describe, expect, it } from '@jest/globals';
import { parseMeminfo, parseVmstat, readMeminfo, readVmstat } from './meminfo.js';

describe('meminfo', () => {
  it('parses the fields the heartbeat needs', () => {
    const text = 'MemTotal:       24683620 kB\nMemFree:        23650704 kB\nMemAvailable:   24000000 kB\nBuffers:            5272 kB\nCached:           590212 kB\nSwapCached:            0 kB\nSwapTotal:       1048572 kB\nSwapFree:         524286 kB\n';
    expect(parseMeminfo(text)).toEqual({ memTotal: 24683620, memFree: 23650704, buffers: 5272, cached: 590212, swapTotal: 1048572, swapFree: 524286 });
    expect(parseMeminfo('')).toEqual({ memTotal: 0, memFree: 0, buffers: 0, cached: 0, swapTotal: 0, swapFree: 0 });
  });
  it('parses vmstat counters', () => {
    expect(parseVmstat('nr_free_pages 1\npswpin 3\npswpout 4\npgfault 1619\npgmajfault 5\n')).toEqual({ pswpin: 3, pswpout: 4, pgfault: 1619, pgmajfault: 5 });
  });
  it('reads the live files', async () => {
    expect((await readMeminfo()).memTotal).toBeGreaterThan(0);
    expect((await readVmstat()).pgfault).toBeGreaterThan(0);
  });
});
