import { describe, expect, it } from '@jest/globals';
import { parseHelp } from './help-text.js';

describe('parseHelp', () => {
  it('reads the qemu-ga layout: usage, tagline, options with continuation lines', () => {
    const help = [
      'Usage: qemu-ga [-m <method> -p <path>] [<options>]',
      'QEMU Guest Agent 10.1.0 (guest-agents TypeScript implementation)',
      '',
      '  -m, --method      how to reach the host: virtio-serial (default),',
      '                    isa-serial, unix-listen or vsock-listen',
      '  -F, --fsfreeze-hook',
      '                    run a hook program',
      '      --command-timeout',
      '                    answer later (default 30, 0 = never)',
      '  -h, --help        print this help and exit',
      '',
    ].join('\n');
    expect(parseHelp('qemu-ga', help)).toEqual({
      usage: '[-m <method> -p <path>] [<options>]',
      description: ['QEMU Guest Agent 10.1.0 (guest-agents TypeScript implementation)'],
      options: [
        { flags: ['-m', '--method'], text: 'how to reach the host: virtio-serial (default), isa-serial, unix-listen or vsock-listen' },
        { flags: ['-F', '--fsfreeze-hook'], text: 'run a hook program' },
        { flags: ['--command-timeout'], text: 'answer later (default 30, 0 = never)' },
        { flags: ['-h', '--help'], text: 'print this help and exit' },
      ],
    });
  });

  it('reads the yargs layout: wrapped usage, Options: header, type and default tags', () => {
    const help = [
      'spice-vdagentd [-dxofX] [-s PORT] [--method METHOD',
      '--path PATH]',
      '',
      'Options:',
      '  -d, --debug                        Log debug messages (use twice for extra',
      '                                     info)                               [count]',
      '  -s, --virtio-serial-port-path      Set virtio-serial path',
      '                      [string] [default: "/dev/virtio-ports/com.redhat.spice.0"]',
      '  -f, --fake-uinput                  Treat uinput device as fake; no ioctls',
      '                                                      [boolean] [default: false]',
      '      --path                         channel path for --method          [string]',
    ].join('\n');
    const parsed = parseHelp('spice-vdagentd', help);
    expect(parsed.usage).toBe('[-dxofX] [-s PORT] [--method METHOD --path PATH]');
    expect(parsed.description).toEqual([]);
    expect(parsed.options).toEqual([
      { flags: ['-d', '--debug'], text: 'Log debug messages (use twice for extra info) May be given more than once.' },
      { flags: ['-s', '--virtio-serial-port-path'], text: 'Set virtio-serial path. Default: "/dev/virtio-ports/com.redhat.spice.0".' },
      { flags: ['-f', '--fake-uinput'], text: 'Treat uinput device as fake; no ioctls' },
      { flags: ['--path'], text: 'channel path for --method' },
    ]);
  });
});
