/**
 * The start of both SPICE programs' main: parse the command line; a usage
 * error or --help ends the process there, in GOption's words (exit 1 for a
 * bad option, 0 for --help).
 */
import { UsageError } from '@ga/options/option-table';

export function parseOrExit<C extends { help: boolean }>(program: string, parse: () => C, helpText: () => string): { exit: number } | { cli: C } {
  let cli: C;
  try {
    cli = parse();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${program}: ${e.message}\nRun '${program} --help' to see a full list of available command line options.\n`);
    return { exit: 1 };
  }
  if (cli.help) {
    process.stdout.write(helpText());
    return { exit: 0 };
  }
  return { cli };
}
