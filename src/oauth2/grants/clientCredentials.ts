import { OAuthError } from '../errors';
import { createTokens } from '../issue';
import type { GrantHandler } from './types';
import { requestedScopes } from './requestedScopes';

/**
 * The client credentials grant (RFC 6749 §4.4): a client obtains a token for itself, with no
 * user. Only a confidential client can use it, since a public client's `client_id` proves
 * nothing (§4.4: "MUST only be used by confidential clients"), and no refresh token is issued
 * (§4.4.3): the client can simply authenticate again.
 */
export const clientCredentialsGrant: GrantHandler = async ({
  services,
  em,
  client,
  params,
  now,
}) => {
  if (client.clientType !== 'confidential') {
    throw new OAuthError('unauthorized_client', 'Only confidential clients may use this grant.');
  }
  const scopes = requestedScopes(params.scope, services.config);

  const issued = createTokens(em, services.config, now, {
    application: client,
    user: null,
    scopes,
    withRefreshToken: false,
  });
  await em.flush();
  return issued.response;
};
