import { checkCredentials } from '../../accounts/users';
import { OAuthError } from '../errors';
import { createTokens } from '../issue';
import type { GrantHandler } from './types';
import { requestedScopes } from './requestedScopes';

/**
 * The resource owner password credentials grant (RFC 6749 §4.3), which the seed's tutorial
 * uses. RFC 9700 §2.4 says not to use it; it is offered only to applications that list it.
 *
 * A wrong password, an unknown username and an inactive user all get the same `invalid_grant`
 * after the same hashing time (checkCredentials), so the endpoint reveals no account.
 */
export const passwordGrant: GrantHandler = async ({
  services,
  em,
  client,
  params,
  request,
  now,
}) => {
  const { username, password } = params;
  if (username === undefined || password === undefined) {
    throw new OAuthError('invalid_request', 'The password grant needs username and password.');
  }
  const scopes = requestedScopes(params.scope, services.config);

  const user = await checkCredentials(em, username, password);
  if (!user) {
    request.log.warn(
      {
        event: 'password_grant_failed',
        // No username: a user who typed their password into that field would find it here.
        clientId: client.clientId,
      },
      'resource owner credentials refused',
    );
    throw new OAuthError('invalid_grant', 'The username or password is wrong.');
  }

  const issued = createTokens(em, services.config, now, {
    application: client,
    user,
    scopes,
    withRefreshToken: client.grantTypes.includes('refresh_token'),
  });
  await em.flush();
  return issued.response;
};
