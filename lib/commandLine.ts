// The command lines of bin/: parsed by node's parseArgs. A bad one is a usage error (what is wrong,
// then the usage, exit 2), never a stack trace; --help prints the usage.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Says what is wrong with the command line and how it goes, on stderr, and exits 2 (a usage or configuration error). */
export function usageError(command: string, message: string, usage: string): never {
  console.error(`${command}: ${message}\n${usage}`);
  process.exit(2);
}

/**
 * The command line of `command`, parsed with `config` (which declares `help`). A bad one is a
 * usage error; `--help` prints the usage and exits 0.
 */
export function commandLine<T extends ParseArgsConfig>(command: string, usage: string, config: T) {
  let parsed;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    usageError(command, (err as Error).message, usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}

/** What is wrong with the values given to `--option` that are not among `known` (the first of them); undefined when none is. */
export function unknownValue(option: string, given: readonly string[] | undefined, known: readonly string[]): string | undefined {
  const unknown = given?.find((value) => !known.includes(value));
  return unknown === undefined ? undefined : `unknown --${option} ${unknown}; one of ${known.join(', ')}`;
}
