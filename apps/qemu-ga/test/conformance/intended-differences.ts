// THE table of intended differences between our agent and qemu-ga 7.2.22.
// docs/intended-differences.md is generated from it (render-differences.ts)
// and a test checks that the two agree. Add an entry only with a reason.

/** One place where our agent deliberately does not answer like qemu-ga 7.2. */
export interface IntendedDifference {
  /** Name of the conformance case (as passed to conform()). */
  case: string;
  /** Why we differ. */
  reason: string;
  /** What differs on the wire. */
  differs: string;
  /**
   * Applied to both transcripts before comparing; the case passes when the
   * results are equal. Keep it as narrow as the difference.
   */
  normalize: (transcript: string) => string;
  /** Our transcript must match this: the difference is checked, not just tolerated. */
  oursMatches: RegExp;
}

/** Commands our agent lists that 7.2 does not, and 7.2 commands that we omit on Linux. */
export const NEWER_COMMANDS = ['guest-get-load', 'guest-network-get-route'] as const;
export const OMITTED_ON_LINUX = ['guest-get-devices'] as const;

/** Removes guest-info's version value and the supported_commands entries named. */
function normalizeGuestInfo(t: string): string {
  const names = [...NEWER_COMMANDS, ...OMITTED_ON_LINUX].join('|');
  return t
    .replace(/"version": "[^"]*"/g, '"version": "<VERSION>"')
    .replace(new RegExp(`, \\{"enabled": (true|false), "name": "(${names})", "success-response": (true|false)\\}`, 'g'), '')
    .replace(new RegExp(`\\{"enabled": (true|false), "name": "(${names})", "success-response": (true|false)\\}, `, 'g'), '');
}

export const intendedDifferences: readonly IntendedDifference[] = [
  {
    case: '§8.29 guest-info',
    reason:
      'We report our own version, and implement the newest Linux command set (qemu-ga.md §2.1): guest-get-load and guest-network-get-route are newer than 7.2; guest-get-devices is Windows-only upstream, so it is not listed on Linux (7.2 lists it disabled).',
    differs: '`version` value; `supported_commands` has guest-get-load and guest-network-get-route added and guest-get-devices absent. Everything else (order, enabled, success-response) is identical.',
    normalize: normalizeGuestInfo,
    oursMatches: /"name": "guest-get-load"/,
  },
  {
    case: 'libvirt: guest-sync with ms id, guest-info, guestinfo sequence',
    reason: 'Same guest-info difference as §8.29, in the sequence libvirt sends.',
    differs: 'guest-info: version and the newer/omitted commands as in §8.29.',
    normalize: normalizeGuestInfo,
    oursMatches: /"name": "guest-get-load"/,
  },
  {
    case: '§8.64 freeze-list of the scratch mount',
    reason: 'Same guest-info difference as §8.29, seen while frozen.',
    differs: 'guest-info while frozen: version and the newer/omitted commands as in §8.29 (the newer ones are disabled while frozen).',
    normalize: normalizeGuestInfo,
    oursMatches: /"enabled": false, "name": "guest-get-load"/,
  },
  {
    case: '§8.68 -b guest-exec',
    reason: 'Same guest-info difference as §8.29.',
    differs: 'guest-info: version and the newer/omitted commands as in §8.29.',
    normalize: normalizeGuestInfo,
    oursMatches: /"name": "guest-get-load"/,
  },
  {
    case: 'guest-get-devices on Linux',
    reason: 'Same as §8.29: guest-get-devices exists only on Windows upstream, so on Linux we do not register it at all instead of registering it disabled.',
    differs: 'qemu-ga 7.2: `Command guest-get-devices has been disabled`; ours: `The command guest-get-devices has not been found`. Both CommandNotFound, which libvirt and KubeVirt treat as "unsupported".',
    normalize: (t) => t.replace(/"desc": "[^"]*guest-get-devices[^"]*"/, '"desc": "<not available>"'),
    oursMatches: /"CommandNotFound", "desc": "The command guest-get-devices has not been found"/,
  },
  {
    case: 'exec: capture-output modes (newer enum values)',
    reason: 'We implement the newest schema (qemu-ga.md §2.4): since 8.0 `capture-output` is a bool or a mode (none/stdout/stderr/separated/merged); 7.2 accepts only a bool.',
    differs: '`"capture-output": "separated"` starts the process instead of a type error, and the type error for a number names the alternate (`expected: GuestExecCaptureOutput`) instead of `boolean`.',
    normalize: (t) => t.replace(/^.*("pid"|'capture-output').*$/gm, '<capture-output per schema version>'),
    oursMatches: /^\{"return": \{"pid": \d+\}\}$/m,
  },
  {
    case: 'wrong argument types for every command (from src/schema/commands.ts)',
    reason: 'Same as "exec: capture-output modes": in the newest schema capture-output is an alternate, so its type error names the alternate.',
    differs: "`Invalid parameter type for 'capture-output', expected: GuestExecCaptureOutput` instead of `expected: boolean`.",
    normalize: (t) => t.replace(/'capture-output', expected: \w+/g, "'capture-output', expected: <schema version>"),
    oursMatches: /'capture-output', expected: GuestExecCaptureOutput/,
  },
  {
    case: 'write seen by another handle before guest-file-flush',
    reason:
      'qemu-ga writes through a stdio FILE, so up to a buffer of data stays inside the agent until guest-file-flush or close, and other readers see the old contents. Our file table does not buffer (packages/guest-os files/file-table.ts): every guest-file-write reaches the kernel before the reply, and guest-file-flush only checks the handle. After a flush both agree.',
    differs: 'A read through a second handle before guest-file-flush returns the new bytes (qemu-ga: the old ones).',
    normalize: (t) => t.replace(/^(\{"return": \{"count": )\d+(, "buf-b64": ")[^"]*(", "eof": true\}\})$/m, '$1<n>$2<data before flush>$3'),
    oursMatches: /^\{"return": \{"count": 6, "buf-b64": "YWJjeHl6", "eof": true\}\}$/m,
  },
  {
    case: '§8.71 partial request then reconnect',
    reason:
      'qemu-ga keeps one JSON parser for the whole agent, so a half request left by a dead client garbles the next client\'s first request (qemu-ga.md §1.6, §7). We give every connection of a listening transport its own parser, so a new client starts clean. On virtio-serial, where the agent cannot see clients come and go, the stream is shared as before and hosts still sync.',
    differs: 'qemu-ga answers the new client\'s first request with parse errors; we answer it normally.',
    normalize: (t) => t.replace(/^second client: .*$/m, 'second client: <parser state>'),
    oursMatches: /^second client: \{"return": \{\}, "id": "r"\}$/m,
  },
];

/** The entry for a case, if its difference is intended. */
export function intendedDifference(caseName: string): IntendedDifference | undefined {
  return intendedDifferences.find((d) => d.case === caseName);
}
