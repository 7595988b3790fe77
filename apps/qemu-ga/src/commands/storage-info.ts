// Placeholder written by helper E until the owning helper lands the real handlers.
import type { Handlers } from '../handlers.js';
import { QgaError } from '../errors.js';

const notYet = async (): Promise<never> => {
  throw new QgaError('not implemented yet');
};

export const storageInfoHandlers: Pick<Handlers, 'guest-get-fsinfo' | 'guest-get-disks' | 'guest-get-diskstats'> = {
  'guest-get-fsinfo': notYet,
  'guest-get-disks': notYet,
  'guest-get-diskstats': notYet,
};
