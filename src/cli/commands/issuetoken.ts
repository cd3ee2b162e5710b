import { findUserByUsername } from '../../accounts/users';
import { findApplicationByClientId } from '../../oauth2/applications';
import { issueAccessToken } from '../../oauth2/accessTokens';
import { resolveScopes } from '../../oauth2/scopes';
import type { CommandSpec } from '../command';
import { optionalString, positiveInteger, requiredString } from '../options';

export interface IssueTokenArgs {
  /** The user the token acts for; a client-only token when omitted. */
  username?: string;
  clientId: string;
  scope?: string;
  expiresIn?: number;
  /** A chosen token value; the service refuses it outside development mode. */
  token?: string;
}

/** `manage issuetoken`: an access token issued by hand, as the tutorial does in the admin. */
export const issuetoken: CommandSpec<IssueTokenArgs> = {
  name: 'issuetoken',
  summary: 'Issue an access token for a user (or for the client itself)',
  usage:
    'issuetoken --client-id ID [--username NAME] [--scope "read write"] ' +
    '[--expires-in SECONDS] [--token VALUE]',
  help: `Issues a bearer access token and prints it. The token is shown this once: only its
SHA-256 checksum is stored.

Options:
  --client-id ID         The application the token is issued to.
  --username NAME        The user the token acts for. Without it the token belongs to the
                         client alone (as with the client_credentials grant) and cannot read
                         fields that need a logged-in user.
  --scope "SCOPES"       Space-separated scopes; the configured default scopes when omitted.
  --expires-in SECONDS   Lifetime; ACCESS_TOKEN_EXPIRE_SECONDS when omitted.
  --token VALUE          Use this value instead of a random one (development mode only,
                         refused when NODE_ENV=production).`,
  options: {
    username: { type: 'string' },
    'client-id': { type: 'string' },
    scope: { type: 'string' },
    'expires-in': { type: 'string' },
    token: { type: 'string' },
  },
  needsSchema: true,

  parse: (values) => ({
    username: optionalString(values, 'username'),
    clientId: requiredString(values, 'client-id'),
    scope: optionalString(values, 'scope'),
    expiresIn: positiveInteger(values, 'expires-in'),
    token: optionalString(values, 'token'),
  }),

  async run({ orm, config, args, out, now }) {
    const em = orm.em.fork();
    const application = await findApplicationByClientId(em, args.clientId);
    const user = args.username === undefined ? null : await findUserByUsername(em, args.username);

    const { accessToken, token } = await issueAccessToken(em, config, now, {
      application,
      user,
      scopes: resolveScopes(args.scope, config),
      expiresIn: args.expiresIn,
      token: args.token,
    });

    const holder = user ? `user "${user.username}"` : 'the client alone';
    out(`Issued access token ${accessToken.id} for ${holder} via "${application.name}".`);
    out(`  scope:   ${accessToken.scope}`);
    out(`  expires: ${accessToken.expiresAt.toISOString()}`);
    out(`  token:   ${token}`);
    out('The token is shown only this once (only its checksum is stored): save it now.');
  },
};
