import type { FastifyReply, FastifyRequest } from 'fastify';
import { grantTypes, type Application, type GrantType } from '../../entities';
import type { Services } from '../../auth/deps';
import { authenticateClient } from '../clientAuth';
import { OAuthError } from '../errors';
import { emitAppAuthorized } from '../events';
import { issuedAccessToken, type TokenResponse } from '../issue';
import { authorizationCodeGrant } from '../grants/authorizationCode';
import { clientCredentialsGrant } from '../grants/clientCredentials';
import { passwordGrant } from '../grants/password';
import { isRepeatedResponse, refreshTokenGrant } from '../grants/refreshToken';
import type { GrantHandler } from '../grants/types';
import { formParams } from './form';
import { noStore } from './responses';

const grants: Record<GrantType, GrantHandler> = {
  authorization_code: authorizationCodeGrant,
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  refresh_token: refreshTokenGrant,
};

const isGrantType = (value: string): value is GrantType =>
  (grantTypes as readonly string[]).includes(value);

/**
 * Logs the issuance and fires `appAuthorized`. The grant handlers return only the RFC 6749 §5.1
 * response; the row behind it was remembered when it was created (src/oauth2/issue.ts), so the
 * announcement stays in one place for every grant without a second query.
 */
function announce(
  services: Services,
  request: FastifyRequest,
  client: Application,
  grantType: GrantType,
  response: TokenResponse,
): void {
  const row = issuedAccessToken(response);
  if (!row) return;

  const event = {
    clientId: client.clientId,
    userId: row.user?.id ?? null,
    grantType,
    scopes: response.scope.split(' ').filter(Boolean),
    tokenId: row.id,
  };
  request.log.info(
    { event: 'token_issued', ...event, refreshToken: response.refresh_token !== undefined },
    'token issued',
  );
  emitAppAuthorized(services.events, event, request.log);
}

/**
 * POST /o/token, the token endpoint (RFC 6749 §3.2): reads the form, authenticates the client,
 * checks that the application may use the grant, and lets the grant's handler issue the tokens.
 * Every answer, success or error, is JSON marked `no-store`.
 */
export function tokenEndpoint(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const params = formParams(request);
    const grantType = params.grant_type;
    if (grantType === undefined) {
      throw new OAuthError('invalid_request', 'The grant_type parameter is required.');
    }
    if (!isGrantType(grantType)) {
      throw new OAuthError('unsupported_grant_type', 'This server does not support that grant.');
    }

    const em = services.orm.em.fork();
    const { application } = await authenticateClient(request, params, em, services);
    // RFC 6749 §5.2 unauthorized_client: each application uses only the grants it registered,
    // so a client made for machine-to-machine use cannot start asking for passwords.
    if (!application.grantTypes.includes(grantType)) {
      throw new OAuthError(
        'unauthorized_client',
        `This client may not use the ${grantType} grant.`,
      );
    }

    const response = await grants[grantType]({
      services,
      em,
      client: application,
      params,
      request,
      now: services.now(),
    });

    if (!isRepeatedResponse(response)) {
      announce(services, request, application, grantType, response);
    }
    return noStore(reply).status(200).send(response);
  };
}
