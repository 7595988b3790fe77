/**
 * A time limit on a request's work: past it the request is answered with
 * the protocol's error so the queue moves on; the work itself is abandoned,
 * not killed (only commands without side effects should get a limit).
 */
export function withTimeLimit<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  if (!(ms > 0)) return work;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  // A late failure of abandoned work must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** What {@link raceTimeLimit} saw first. */
export type Raced<T> = { readonly done: true; readonly value: T } | { readonly done: false; readonly error: unknown } | { readonly done: 'late' };

/**
 * The work's outcome if it settles within `ms`, else `{ done: 'late' }`:
 * the caller stops waiting (the queue moves on) while the work goes on and
 * may still be answered when it ends (see the qemu-ga dispatcher).
 */
export function raceTimeLimit<T>(work: Promise<T>, ms: number): Promise<Raced<T>> {
  const settled = work.then(
    (value): Raced<T> => ({ done: true, value }),
    (error: unknown): Raced<T> => ({ done: false, error }),
  );
  if (!(ms > 0)) return settled;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<Raced<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: 'late' }), ms);
  });
  return Promise.race([settled, limit]).finally(() => clearTimeout(timer));
}
