/** Read the config files in order (an absent file is skipped, an unreadable one is an error). */
import { readFileSync } from 'node:fs';
import { buildConfig, ConfigError, type LoadedConfig } from './config.js';

export function loadConfigFiles(files: readonly string[], read: (p: string) => string = (p) => readFileSync(p, 'utf8')): LoadedConfig {
  return buildConfig(
    files.map((f) => {
      try {
        return [f, read(f)] as const;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [f, undefined] as const;
        throw new ConfigError(`${f}: cannot read: ${(err as Error).message}`);
      }
    }),
  );
}
