import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessToken, RefreshToken, type User } from '../../entities';
import type { Config } from '../../config';
import type { Services } from '../../auth/deps';
import { parseAuthorization } from '../../auth/bearer';
import { authenticateToken } from '../../auth/oauth2Backend';
import { checksum } from '../../auth/tokens';
import { bearerChallenge } from '../../http/wwwAuthenticate';
import { authenticateClient } from '../clientAuth';
import { OAuthError } from '../errors';
import { familyStartedAt, refreshTokenExpiresAt } from '../rotationFamily';
import { formParams } from './form';
import { noStore } from './responses';

/** The scope a bearer token needs to call this endpoint instead of a client. */
export const INTROSPECTION_SCOPE = 'introspection';

/** RFC 7662 §2.2. An inactive token is described by `active: false` and nothing else. */
export interface IntrospectionResponse {
  active: boolean;
  scope?: string;
  client_id?: string;
  username?: string;
  sub?: string;
  exp?: number;
  iat?: number;
  token_type?: 'Bearer';
}

const INACTIVE: IntrospectionResponse = { active: false };

const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

const userClaims = (user: User | null) =>
  user ? { username: user.username, sub: String(user.id) } : {};

/**
 * RFC 7662 §2.1: the caller must be authorised, or the endpoint becomes an oracle that tells
 * anyone whether a guessed or stolen token works. A confidential client authenticates as at the
 * token endpoint; a resource server without client credentials presents a bearer token holding
 * the `introspection` scope. A public client proves nothing and is refused.
 */
async function authorizeCaller(
  request: FastifyRequest,
  params: Record<string, string>,
  em: EntityManager,
  services: Services,
): Promise<void> {
  const { realm } = services.config;
  if (parseAuthorization(request.headers.authorization).kind === 'bearer') {
    const outcome = await authenticateToken(request, services);
    if (outcome.kind !== 'token') {
      throw new OAuthError('invalid_token', 'The bearer token is invalid, expired or revoked.', {
        status: 401,
        headers: { 'www-authenticate': bearerChallenge(realm, { tokenRejection: 'unknown' }) },
      });
    }
    if (!outcome.token.scopes.includes(INTROSPECTION_SCOPE)) {
      throw new OAuthError(
        'insufficient_scope',
        'The bearer token lacks the introspection scope.',
        {
          status: 403,
          headers: {
            'www-authenticate': bearerChallenge(
              realm,
              { tokenRejection: null },
              INTROSPECTION_SCOPE,
            ),
          },
        },
      );
    }
    return;
  }

  const { application, method } = await authenticateClient(request, params, em, services);
  if (method === 'none') {
    request.log.warn(
      { event: 'client_auth_failed', clientId: application.clientId, reason: 'public_client' },
      'client authentication failed',
    );
    throw new OAuthError('invalid_client', 'Public clients cannot introspect tokens.', {
      status: 401,
      headers: { 'www-authenticate': `Basic realm="${realm}"` },
    });
  }
}

async function describeAccessToken(
  em: EntityManager,
  digest: string,
  now: Date,
): Promise<IntrospectionResponse | null> {
  const token = await em.findOne(
    AccessToken,
    { checksum: digest },
    { populate: ['application', 'user'] },
  );
  if (!token) return null;
  if (token.revokedAt !== null || token.expiresAt <= now) return INACTIVE;
  if (token.user && !token.user.isActive) return INACTIVE;

  return {
    active: true,
    scope: token.scope,
    client_id: token.application.clientId,
    ...userClaims(token.user),
    exp: epochSeconds(token.expiresAt),
    iat: epochSeconds(token.createdAt),
    token_type: 'Bearer',
  };
}

/** Active exactly when the refresh grant would accept it (src/oauth2/rotation.ts). */
async function describeRefreshToken(
  em: EntityManager,
  config: Config,
  digest: string,
  now: Date,
): Promise<IntrospectionResponse | null> {
  const token = await em.findOne(
    RefreshToken,
    { checksum: digest },
    { populate: ['application', 'user', 'accessToken'] },
  );
  if (!token) return null;
  if (token.revokedAt !== null || token.accessToken?.revokedAt) return INACTIVE;
  if (token.user && !token.user.isActive) return INACTIVE;

  const familyStart = (await familyStartedAt(em, token.familyId)) ?? token.createdAt;
  const expiresAt = refreshTokenExpiresAt(config, token, familyStart);
  if (expiresAt <= now) return INACTIVE;

  // token_type names an access token type (RFC 7662 §2.2, RFC 6749 §7.1); a refresh token is
  // not presented to resource servers, so it has none.
  return {
    active: true,
    scope: token.scope ?? token.accessToken?.scope ?? '',
    client_id: token.application.clientId,
    ...userClaims(token.user),
    exp: epochSeconds(expiresAt),
    iat: epochSeconds(token.createdAt),
  };
}

/**
 * POST /o/introspect, token introspection (RFC 7662) for access and refresh tokens. Unknown,
 * expired and revoked tokens, and tokens of inactive users, all get `{"active": false}` with
 * 200 (§2.2), so the answer says no more than that the token does not work.
 */
export function introspectEndpoint(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const params = formParams(request);
    if (params.token === undefined) {
      throw new OAuthError('invalid_request', 'The token parameter is required.');
    }

    const em = services.orm.em.fork();
    await authorizeCaller(request, params, em, services);
    const now = services.now();
    const digest = checksum(params.token);

    const lookups = [
      () => describeAccessToken(em, digest, now),
      () => describeRefreshToken(em, services.config, digest, now),
    ];
    if (params.token_type_hint === 'refresh_token') lookups.reverse();

    let answer: IntrospectionResponse = INACTIVE;
    for (const lookup of lookups) {
      const found = await lookup();
      if (found) {
        answer = found;
        break;
      }
    }
    return noStore(reply).status(200).send(answer);
  };
}
