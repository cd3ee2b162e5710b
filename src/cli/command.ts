import type { ParseArgsConfig } from 'node:util';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';

/** The options a command accepts, declared for `parseArgs`. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The option values `parseArgs` produced for one command line. */
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command may read besides its options while parsing them, before any database opens. */
export interface ParseInput {
  env: NodeJS.ProcessEnv;
  /** All of standard input as text; only `--password-stdin` reads it. */
  readStdin(): Promise<string>;
}

/** Everything a command needs to run; tests build one around a test database. */
export interface CommandContext<A> {
  orm: MikroORM;
  config: Config;
  args: A;
  /** Writes one line to standard output. */
  out(line: string): void;
  now: Date;
}

/**
 * One `manage` command. `parse` turns option values into typed arguments and refuses bad ones
 * with a UsageError, so a mistyped command line fails before the database is opened.
 */
export interface CommandSpec<A> {
  name: string;
  summary: string;
  /** The text `--help` prints, after the usage line. */
  help: string;
  usage: string;
  options: OptionsConfig;
  /** False only for `migrate`: every other command needs an up-to-date schema. */
  needsSchema: boolean;
  parse(values: OptionValues, input: ParseInput): A | Promise<A>;
  run(context: CommandContext<A>): Promise<void>;
}

/** A command with its argument type erased, as the dispatcher holds it. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  usage: string;
  options: OptionsConfig;
  needsSchema: boolean;
  prepare(values: OptionValues, input: ParseInput): Promise<Runner>;
}

export type Runner = (context: Omit<CommandContext<unknown>, 'args'>) => Promise<void>;

export function defineCommand<A>(spec: CommandSpec<A>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    help: spec.help,
    usage: spec.usage,
    options: spec.options,
    needsSchema: spec.needsSchema,
    prepare: async (values, input) => {
      const args = await spec.parse(values, input);
      return (context) => spec.run({ ...context, args });
    },
  };
}

/** A command line the CLI cannot make sense of; exits with status 2, like most Unix tools. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** An expected failure that is not an application error, such as an outdated schema. */
export class CommandError extends Error {
  readonly code = 'COMMAND_FAILED';
}
