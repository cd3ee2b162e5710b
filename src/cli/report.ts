import { AppError } from '../errors';
import { ConfigError } from '../config';
import { EmbeddedDatabaseBusyError } from '../db/embedded';
import { CommandError, UsageError } from './command';
import { EXIT_FAILURE, EXIT_USAGE, PROGRAM } from './help';

/**
 * Prints a failure as one line and returns the exit status. Expected errors show their code
 * and message only; a stack trace is kept for the unexpected, where a developer needs it.
 * No message here contains an option's value, so a password given on the command line is
 * never echoed.
 */
export function reportError(error: unknown, command: string, print: (line: string) => void) {
  const prefix = `manage ${command}:`;

  if (error instanceof UsageError) {
    print(`${prefix} ${error.message} (see \`${PROGRAM} ${command} --help\`)`);
    return EXIT_USAGE;
  }
  if (error instanceof AppError) {
    print(`${prefix} ${error.code}: ${error.message}`);
    return EXIT_FAILURE;
  }
  if (error instanceof ConfigError) {
    print(error.message);
    return EXIT_FAILURE;
  }
  if (error instanceof CommandError || error instanceof EmbeddedDatabaseBusyError) {
    print(`${prefix} ${error.message}`);
    return EXIT_FAILURE;
  }

  print(`${prefix} unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
  return EXIT_FAILURE;
}
