import type { Handlers } from '../handlers.js';
import { accountHandlers } from './accounts.js';
import { execHandlers } from './exec.js';
import { fileHandlers } from './files.js';
import { fsfreezeHandlers } from './fsfreeze.js';
import { hardwareHandlers } from './hardware.js';
import { networkHandlers } from './network.js';
import { powerHandlers } from './power.js';
import { storageInfoHandlers } from './storage-info.js';
import { syncHandlers } from './sync.js';
import { systemInfoHandlers } from './system-info.js';
import { timeHandlers } from './time.js';

/** Every handler of the Linux build; a gap in the groups fails to compile. */
export function createHandlers(): Handlers {
  return {
    ...syncHandlers,
    ...systemInfoHandlers,
    ...networkHandlers,
    ...storageInfoHandlers,
    ...hardwareHandlers,
    ...fileHandlers,
    ...execHandlers,
    ...fsfreezeHandlers,
    ...powerHandlers,
    ...timeHandlers,
    ...accountHandlers,
  };
}
