import type { CommandSpec } from '../command';
import { requiredString } from '../options';
import { passwordHelp, passwordOptions, readPassword } from '../password';
import { saveUser, type CreateUserArgs } from './createuser';

/** `manage createsuperuser`: a staff superuser, as Django's command of the same name creates. */
export const createsuperuser: CommandSpec<CreateUserArgs> = {
  name: 'createsuperuser',
  summary: 'Create a staff superuser',
  usage: 'createsuperuser --username NAME [--password-stdin | --password PASSWORD]',
  help: `Creates an active user with staff and superuser rights, who may manage applications and
tokens over GraphQL.

Options:
  --username NAME       1 to 150 letters, digits and @ . + - _ characters; must be unused.
${passwordHelp('createsuperuser')}`,
  options: { username: { type: 'string' }, ...passwordOptions },
  needsSchema: true,

  parse: async (values, input) => ({
    username: requiredString(values, 'username'),
    password: await readPassword(values, input),
    isStaff: true,
    isSuperuser: true,
  }),

  run: saveUser,
};
