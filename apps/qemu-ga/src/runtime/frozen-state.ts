/**
 * The agent's frozen flag (qemu-ga.md §2.3.3, §3.6): entering writes the
 * empty marker `<statedir>/qga.state.isfrozen` (0600) so an agent restarted
 * while frozen starts frozen; logging is suspended after the last line
 * announcing it; leaving removes the marker and resumes logging. The command
 * gate reads `frozen` at dispatch time, so nothing else has to be flipped.
 */
import { existsSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrozenFlag } from '../context.js';
import type { AgentLog } from '@ga/log/agent-logger';

export const FROZEN_MARKER = 'qga.state.isfrozen';

export class FrozenState implements FrozenFlag {
  #frozen: boolean;
  readonly #marker: string;
  readonly #log: AgentLog;
  readonly #listeners: ((frozen: boolean) => void)[] = [];

  /** `initial`: whether the marker existed at startup (see {@link markerExists}). */
  constructor(stateDir: string, log: AgentLog, initial: boolean) {
    this.#marker = join(stateDir, FROZEN_MARKER);
    this.#log = log;
    this.#frozen = initial;
  }

  get frozen(): boolean {
    return this.#frozen;
  }

  /** Called after every change (e.g. to write a deferred pidfile after the thaw). */
  onChange(listener: (frozen: boolean) => void): void {
    this.#listeners.push(listener);
  }

  async set(frozen: boolean): Promise<void> {
    if (frozen === this.#frozen) return;
    if (frozen) {
      this.#log.warn('disabling logging due to filesystem freeze');
      this.#frozen = true;
      this.#log.suspend();
      try {
        const fh = await open(this.#marker, 'w', 0o600);
        await fh.close();
      } catch (e) {
        this.#log.warn(`unable to create ${this.#marker}, fsfreeze may not function properly: ${(e as Error).message}`);
      }
    } else {
      this.#frozen = false;
      try {
        await unlink(this.#marker);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.#log.warn(`unable to delete ${this.#marker}, fsfreeze may not function properly: ${(e as Error).message}`);
        }
      }
      this.#log.resume();
      this.#log.warn('logging re-enabled due to filesystem unfreeze');
    }
    for (const l of this.#listeners) l(frozen);
  }
}

/** Whether an earlier agent died frozen (the marker survived). */
export function markerExists(stateDir: string): boolean {
  return existsSync(join(stateDir, FROZEN_MARKER));
}
