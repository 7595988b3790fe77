/**
 * Bytes a handler does not hold in memory yet, for a base64 string field:
 * the reply writer pulls them piece by piece and streams their base64, so a
 * 48 MiB guest-file-read costs a few hundred KiB of agent memory instead of
 * the 48 MiB Buffer a Base64Blob needs. `length` must be known up front
 * because the JSON around the data (e.g. `count`) is encoded first.
 */
export class Base64Source {
  /**
   * @param length exact number of bytes `chunks` will yield
   * @param chunks yields the bytes in order, in pieces of any size
   */
  constructor(
    readonly length: number,
    readonly chunks: () => AsyncIterable<Buffer>,
  ) {}
}
