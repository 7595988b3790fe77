/**
 * File-transfer bookkeeping: each transfer id is bound to the session agent
 * that was active when the client started it (CVE-2020-25653: no other agent
 * may answer for it), capped at 128 at once like the reference.
 */
export const MAX_ACTIVE_TRANSFERS = 128;

export class FileXfers<Conn> {
  private readonly byId = new Map<number, Conn>();

  get size(): number {
    return this.byId.size;
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  add(id: number, conn: Conn): void {
    this.byId.set(id, conn);
  }

  owner(id: number): Conn | undefined {
    return this.byId.get(id);
  }

  remove(id: number): void {
    this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
  }

  /** Remove and return the ids bound to `conn`. */
  takeAllOf(conn: Conn): number[] {
    const ids = [...this.byId].filter(([, c]) => c === conn).map(([id]) => id);
    for (const id of ids) this.byId.delete(id);
    return ids;
  }
}
