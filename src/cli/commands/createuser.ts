import { createUser } from '../../accounts/users';
import type { CommandContext, CommandSpec } from '../command';
import { flag, requiredString } from '../options';
import { passwordHelp, passwordOptions, readPassword } from '../password';

export interface CreateUserArgs {
  username: string;
  password: string;
  isStaff: boolean;
  isSuperuser: boolean;
}

/** Saves the user; shared by `createuser` and `createsuperuser`. */
export async function saveUser({ orm, args, out }: CommandContext<CreateUserArgs>) {
  const user = await createUser(orm.em.fork(), args);

  const roles = [args.isStaff && 'staff', args.isSuperuser && 'superuser'].filter(Boolean);
  out(`Created user "${user.username}" (${[`id ${user.id}`, ...roles].join(', ')}).`);
}

/** `manage createuser`: an active user, optionally staff (token management) or superuser. */
export const createuser: CommandSpec<CreateUserArgs> = {
  name: 'createuser',
  summary: 'Create a user',
  usage:
    'createuser --username NAME [--password-stdin | --password PASSWORD] [--staff] [--superuser]',
  help: `Creates an active user who can log in and be issued tokens.

Options:
  --username NAME       1 to 150 letters, digits and @ . + - _ characters; must be unused.
${passwordHelp('createuser')}
  --staff               May manage applications and tokens over GraphQL.
  --superuser           Marked as superuser (all permissions).`,
  options: {
    username: { type: 'string' },
    ...passwordOptions,
    staff: { type: 'boolean' },
    superuser: { type: 'boolean' },
  },
  needsSchema: true,

  parse: async (values, input) => ({
    username: requiredString(values, 'username'),
    password: await readPassword(values, input),
    isStaff: flag(values, 'staff'),
    isSuperuser: flag(values, 'superuser'),
  }),

  run: saveUser,
};
