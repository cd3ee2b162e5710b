import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { Application, Grant, User } from '../entities';
import { checksum, generateToken } from '../auth/tokens';
import type { AuthorizationRequest } from './authorizeRequest';
import { formatScopes } from './scopes';

/**
 * Issues an authorization code for an approved request (RFC 6749 §4.1.2): 256 random bits, of
 * which only the checksum is stored. It lives `authorizationCodeLifetime` seconds (60 by
 * default; the RFC advises at most ten minutes) and is bound to the client, the user, the
 * redirect URI as sent, the approved scopes and the PKCE challenge, all checked on redemption.
 */
export async function issueAuthorizationCode(
  em: EntityManager,
  config: Config,
  now: Date,
  request: AuthorizationRequest,
  userId: number,
): Promise<string> {
  const code = generateToken();
  em.create(Grant, {
    checksum: checksum(code),
    application: em.getReference(Application, request.application.id),
    user: em.getReference(User, userId),
    redirectUri: request.redirectUriSent,
    scope: formatScopes(request.scopes),
    codeChallenge: request.codeChallenge?.challenge ?? null,
    codeChallengeMethod: request.codeChallenge?.method ?? null,
    expiresAt: new Date(now.getTime() + config.authorizationCodeLifetime * 1000),
    createdAt: now,
    usedAt: null,
    accessToken: null,
  });
  await em.flush();
  return code;
}
