import { parseArgs } from 'node:util';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../config';
import type { Database } from '../db/orm';
import { EmbeddedDatabaseBusyError } from '../db/embedded';
import { commands } from './commands';
import {
  CommandError,
  UsageError,
  type Command,
  type OptionValues,
  type ParseInput,
  type Runner,
} from './command';
import { commandHelp, EXIT_OK, EXIT_USAGE, generalHelp, PROGRAM } from './help';
import { reportError } from './report';

/** The outside world as the CLI sees it; `manage.ts` wires in the process, tests their own. */
export interface ManageIo extends ParseInput {
  stdout(line: string): void;
  stderr(line: string): void;
  now(): Date;
  connect(config: Config): Promise<Database>;
}

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';

function parseOptions(command: Command, args: string[]): OptionValues {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: command.options, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's messages name the option, not its value; their first sentence is the useful one.
    throw new UsageError((error as Error).message.split(/\.\s|\n/)[0] ?? 'invalid options');
  }

  // Not echoed: a stray word is often half of an unquoted password.
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument: ${command.name} takes only options`);
  }
  return parsed.values;
}

async function openDatabase(io: ManageIo, config: Config): Promise<Database> {
  try {
    return await io.connect(config);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseBusyError) throw error;
    throw new CommandError(`cannot open the database: ${(error as Error).message}`);
  }
}

async function requireCurrentSchema(orm: MikroORM): Promise<void> {
  const pending = await orm.getMigrator().getPendingMigrations();
  if (pending.length === 0) return;

  throw new CommandError(
    `the database schema is not up to date (${pending.length} pending migration(s)); ` +
      `run \`${PROGRAM} migrate\` or start the server first`,
  );
}

/** Opens the database, runs the command, and closes the database (and the embedded lock). */
async function execute(command: Command, runner: Runner, io: ManageIo): Promise<void> {
  const config = loadConfig(io.env);
  const db = await openDatabase(io, config);
  try {
    if (command.needsSchema) await requireCurrentSchema(db.orm);
    await runner({ orm: db.orm, config, out: io.stdout, now: io.now() });
  } finally {
    await db.close();
  }
}

/** Runs `manage <command> [options]` and returns the exit status. */
export async function runManage(argv: string[], io: ManageIo): Promise<number> {
  const [name, ...rest] = argv;
  if (isHelp(name) || name === 'help') {
    const command = commands.find((candidate) => candidate.name === rest[0]);
    io.stdout(command ? commandHelp(command) : generalHelp(commands));
    return EXIT_OK;
  }

  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    const problem = name === undefined ? 'no command given' : `unknown command "${name}"`;
    io.stderr(`manage: ${problem}; run \`${PROGRAM} --help\` for the list`);
    return EXIT_USAGE;
  }
  if (rest.some(isHelp)) {
    io.stdout(commandHelp(command));
    return EXIT_OK;
  }

  try {
    const runner = await command.prepare(parseOptions(command, rest), io);
    await execute(command, runner, io);
    return EXIT_OK;
  } catch (error) {
    return reportError(error, command.name, io.stderr);
  }
}
