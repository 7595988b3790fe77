/**
 * Test-only stand-in for @ga/framing/json-encode: QEMU's separators and
 * bigint integers, members in insertion order. Unit tests of the dispatcher
 * inject it so they do not depend on the encoder's member ordering.
 */
export function simpleEncode(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : JSON.stringify(value);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  }
  if (Array.isArray(value)) return `[${value.map(simpleEncode).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${simpleEncode(k)}: ${simpleEncode(v)}`).join(', ')}}`;
}
