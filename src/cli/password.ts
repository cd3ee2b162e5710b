import { UsageError, type OptionsConfig, type OptionValues, type ParseInput } from './command';
import { flag, optionalString } from './options';

/** The environment variable a password may come from instead of the command line. */
export const PASSWORD_ENV = 'MANAGE_PASSWORD';

export const passwordOptions: OptionsConfig = {
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
};

/** The help text for the password options of `command`. */
export const passwordHelp = (
  command: string,
) => `  --password PASSWORD   The password (at least 8 characters). Visible in shell history and
                        to other users' \`ps\`; prefer one of the two ways below.
  --password-stdin      Read the password from standard input (one trailing newline is dropped).

Without --password or --password-stdin the password is taken from the ${PASSWORD_ENV}
environment variable, so it never appears on the command line:
  printf '%s' "$PASSWORD" | npm run manage -- ${command} --username alice --password-stdin
  ${PASSWORD_ENV}="$PASSWORD" npm run manage -- ${command} --username alice`;

/**
 * Finds the password among the three places it may come from. A password typed as an argument
 * ends up in shell history and in the process list, so stdin and the environment are offered
 * too; the value is never echoed in any message.
 */
export async function readPassword(values: OptionValues, input: ParseInput): Promise<string> {
  const option = optionalString(values, 'password');
  const fromStdin = flag(values, 'password-stdin');
  if (option !== undefined && fromStdin) {
    throw new UsageError('give either --password or --password-stdin, not both');
  }

  if (option !== undefined) return option;
  if (fromStdin) return (await input.readStdin()).replace(/\r?\n$/, '');

  const fromEnv = input.env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  throw new UsageError(`a password is required: --password-stdin, ${PASSWORD_ENV} or --password`);
}
