import type { Command } from './command';

export const PROGRAM = 'npm run manage --';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** A command line that could not be understood, as most Unix tools report it. */
export const EXIT_USAGE = 2;

export function generalHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  const list = commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`);

  return `Usage: ${PROGRAM} <command> [options]

Commands:
${list.join('\n')}

Run \`${PROGRAM} <command> --help\` for a command's options.

The commands work whether or not the server is running. With the embedded database they
join a running server through its socket in DATA_DIR (or open the database themselves when
no server runs); with DATABASE_URL they connect to that PostgreSQL server. Settings come
from the environment and .env, as for \`npm start\`.

Exit status: 0 on success, 1 when the command failed, 2 for a command line it could not use.`;
}

export function commandHelp(command: Command): string {
  return `Usage: ${PROGRAM} ${command.usage}

${command.help}`;
}
