/**
 * The XML character filter both ends of the oVirt channel apply: the agent to
 * every string it sends (keys and values, recursively) and VDSM to every
 * string it receives, after JSON decoding, so `\u0001` escapes are caught too
 * (ovirt-guest-agent.md §1.3). It exists because VDSM re-exported guest data
 * over XML-RPC (bug 606281). Replaced: characters outside XML 1.1 `Char` and
 * its RestrictedChar set — U+0000..U+0008, U+000B, U+000C, U+000E..U+001F,
 * U+007F..U+0084, U+0086..U+009F, lone surrogates, U+FFFE, U+FFFF. Tab, LF,
 * CR and U+0085 stay.
 */

// `u` flag: a valid surrogate pair is one astral code point and is kept; only lone halves match.
const RESTRICTED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ud800-\udfff\ufffe\uffff]/gu;

/** Replace every XML-restricted character of `s` with U+FFFD. */
export function filterXmlChars(s: string): string {
  return s.replace(RESTRICTED, '\ufffd');
}

/** Apply `filterXmlChars` to every string key and value of a JSON value, recursively; returns a copy. */
export function filterXmlDeep<T>(value: T): T {
  if (typeof value === 'string') return filterXmlChars(value) as T;
  if (Array.isArray(value)) return value.map((v) => filterXmlDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty: a "__proto__" key from JSON.parse must stay a plain member.
      Object.defineProperty(out, filterXmlChars(k), { value: filterXmlDeep(v), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}
