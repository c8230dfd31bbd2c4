// The command-line convention of every skiff subcommand: a flag error prints the usage and exits 2, --help prints it and exits 0.
import { FlagError } from '../cli/index.js';

/** The parsed flags, or the exit code when the command ends here (bad flags or --help). */
export function flagsOrExit<T extends { help: boolean }>(argv: readonly string[], parse: (argv: readonly string[]) => T, usage: string): T | number {
  let flags: T;
  try {
    flags = parse(argv);
  } catch (e: unknown) {
    if (e instanceof FlagError) {
      process.stderr.write(`Error: ${e.message}\n\n${usage}`);
      return 2;
    }
    throw e;
  }
  if (flags.help) {
    process.stdout.write(usage);
    return 0;
  }
  return flags;
}
