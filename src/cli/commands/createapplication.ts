import { clientTypes, grantTypes, type ClientType, type GrantType } from '../../entities';
import { findUserByUsername } from '../../accounts/users';
import { createApplication } from '../../oauth2/applications';
import { UsageError, type CommandSpec } from '../command';
import { flag, oneOf, optionalString, repeated, requiredString } from '../options';

export interface CreateApplicationArgs {
  name: string;
  clientType: ClientType;
  grantTypes: GrantType[];
  redirectUris: string[];
  skipAuthorization: boolean;
  /** Username of the owning user; none when omitted. */
  owner?: string;
}

/** Grant types from repeated options, each of which may also be a comma-separated list. */
function readGrantTypes(occurrences: string[]): GrantType[] {
  const requested = occurrences
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
  if (requested.length === 0) throw new UsageError('--grant-type is required');

  return requested.map((value) => {
    const match = grantTypes.find((grant) => grant === value);
    if (match === undefined) {
      throw new UsageError(`--grant-type must be among: ${grantTypes.join(', ')}`);
    }
    return match;
  });
}

/** `manage createapplication`: registers an OAuth2 client (RFC 6749 §2). */
export const createapplication: CommandSpec<CreateApplicationArgs> = {
  name: 'createapplication',
  summary: 'Register an OAuth2 client application',
  usage:
    'createapplication --name NAME --client-type confidential|public --grant-type GRANT... ' +
    '[--redirect-uri URI...] [--skip-authorization] [--owner USERNAME]',
  help: `Registers an OAuth2 client and prints its client id and, for a confidential client, its
client secret. The secret is shown this once: only a hash of it is stored.

Options:
  --name NAME              A name people recognise on the consent page.
  --client-type TYPE       confidential (can keep a secret, e.g. a server) or public (cannot,
                           e.g. a browser or mobile app); RFC 6749 §2.1.
  --grant-type GRANT       ${grantTypes.join(', ')}.
                           Repeat the option or give a comma-separated list.
  --redirect-uri URI       Where authorization responses may go; repeatable. Needed for
                           authorization_code.
  --skip-authorization     Do not ask users to approve this client.
  --owner USERNAME         The user who owns the application.`,
  options: {
    name: { type: 'string' },
    'client-type': { type: 'string' },
    'grant-type': { type: 'string', multiple: true },
    'redirect-uri': { type: 'string', multiple: true },
    'skip-authorization': { type: 'boolean' },
    owner: { type: 'string' },
  },
  needsSchema: true,

  parse: (values) => ({
    name: requiredString(values, 'name'),
    clientType: oneOf(values, 'client-type', clientTypes),
    grantTypes: readGrantTypes(repeated(values, 'grant-type')),
    redirectUris: repeated(values, 'redirect-uri'),
    skipAuthorization: flag(values, 'skip-authorization'),
    owner: optionalString(values, 'owner'),
  }),

  async run({ orm, args, out }) {
    const em = orm.em.fork();
    const owner = args.owner === undefined ? null : await findUserByUsername(em, args.owner);

    const { application, clientSecret } = await createApplication(em, { ...args, owner });

    out(`Registered application "${application.name}" (id ${application.id}).`);
    out(`  client type:   ${application.clientType}`);
    out(`  grant types:   ${application.grantTypes.join(', ')}`);
    out(`  client id:     ${application.clientId}`);
    if (clientSecret === null) return;
    out(`  client secret: ${clientSecret}`);
    out('The client secret is shown only this once (only its hash is stored): save it now.');
  },
};
