/**
 * Raw bytes a handler returns where the schema has a base64 string
 * (guest-file-read's `buf-b64`, guest-exec-status's `out-data`/`err-data`).
 * The reply writer encodes the JSON around it and streams the base64 text to
 * the channel in 256 KiB pieces, so a 48 MiB read never exists as a 64 MiB
 * base64 string plus a JSON copy of it (qemu-ga.md §1.1: 48 MiB is the cap).
 */
export class Base64Blob {
  constructor(readonly bytes: Buffer) {}

  /** Length of the base64 text this blob becomes (padding included). */
  get encodedLength(): number {
    return Math.ceil(this.bytes.length / 3) * 4;
  }
}
