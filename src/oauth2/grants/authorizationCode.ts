import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import { Application, Grant, User } from '../../entities';
import { checksum } from '../../auth/tokens';
import { matchesRegisteredRedirectUri } from '../authorizeRedirectUri';
import { OAuthError } from '../errors';
import { createTokens, type TokenResponse } from '../issue';
import { verifyCodeVerifier } from '../pkce';
import { revokeFamily } from '../rotationFamily';
import type { Services } from '../../auth/deps';
import type { GrantHandler } from './types';

const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);

/**
 * §4.1.3: when the authorization request named a redirect_uri, the token request must repeat it
 * exactly, so a code that an attacker injected into another redirect cannot be redeemed by the
 * client it was issued to. When it was omitted, a redirect_uri sent now must still be one of
 * the application's.
 */
function checkRedirectUri(grant: Grant, sent: string | undefined, client: Application): void {
  if (grant.redirectUri !== null) {
    if (sent !== grant.redirectUri) {
      throw invalidGrant('redirect_uri differs from the one in the authorization request.');
    }
    return;
  }
  if (sent !== undefined && !matchesRegisteredRedirectUri(sent, client.redirectUris)) {
    throw invalidGrant('redirect_uri is not registered for this client.');
  }
}

/**
 * RFC 7636 §4.6: the verifier must produce the challenge sent with the authorization request.
 * A verifier for a code issued without a challenge is refused too (RFC 9700 §4.8): an
 * attacker who injects a stolen code that had none would otherwise pass the client's own PKCE
 * step, and the client would be none the wiser.
 */
function checkCodeVerifier(grant: Grant, verifier: string | undefined): void {
  if (grant.codeChallenge === null || grant.codeChallengeMethod === null) {
    if (verifier !== undefined) {
      throw invalidGrant('code_verifier was sent for a code issued without a code_challenge.');
    }
    return;
  }
  const challenge = { challenge: grant.codeChallenge, method: grant.codeChallengeMethod };
  if (verifier === undefined || !verifyCodeVerifier(verifier, challenge)) {
    throw invalidGrant('code_verifier does not match the code_challenge.');
  }
}

/**
 * Marks the code used and issues the tokens in one transaction. The conditional UPDATE is the
 * lock: of two redemptions racing with one code, exactly one changes the row; the other waits
 * for it to commit, then matches nothing and is treated as a replay. Returns null for that one.
 */
async function redeem(
  em: EntityManager,
  config: Config,
  now: Date,
  grant: Grant,
  client: Application,
): Promise<TokenResponse | null> {
  return em.transactional(async (tx) => {
    const claimed = await tx.nativeUpdate(Grant, { id: grant.id, usedAt: null }, { usedAt: now });
    if (claimed === 0) return null;

    const issued = createTokens(tx, config, now, {
      application: tx.getReference(Application, client.id),
      user: tx.getReference(User, grant.user.id),
      scopes: grant.scope.split(' ').filter(Boolean),
      withRefreshToken: client.grantTypes.includes('refresh_token'),
    });
    await tx.flush();
    await tx.nativeUpdate(Grant, { id: grant.id }, { accessToken: issued.accessToken.id });
    return issued.response;
  });
}

/**
 * RFC 6749 §4.1.2: a code presented twice was very likely stolen, and the server cannot tell
 * whether the first or the second party is the client; so the tokens the first redemption
 * issued are revoked, with every token later refreshed from them (their refresh family).
 */
async function revokeRedeemedTokens(em: EntityManager, grantId: string, now: Date): Promise<void> {
  await em.transactional(async (tx) => {
    const rows = await tx.execute<{ access_token_id: string | null }[]>(
      'select access_token_id from grants where id = ?',
      [grantId],
    );
    const accessTokenId = rows[0]?.access_token_id;
    if (accessTokenId === null || accessTokenId === undefined) return;

    const families = await tx.execute<{ family_id: string }[]>(
      'select distinct family_id from refresh_tokens where access_token_id = ?',
      [accessTokenId],
    );
    for (const { family_id: familyId } of families) await revokeFamily(tx, familyId, now);
    await tx.execute(
      'update access_tokens set revoked_at = ? where id = ? and revoked_at is null',
      [now, accessTokenId],
      'run',
    );
  });
}

async function refuseReplay(
  em: EntityManager,
  grant: Grant,
  client: Application,
  now: Date,
  log: FastifyBaseLogger,
  metrics: Services['metrics'],
): Promise<never> {
  await revokeRedeemedTokens(em, grant.id, now);
  metrics?.tokensRevoked.inc({ via: 'code_reuse' });
  log.warn(
    {
      event: 'authorization_code_reused',
      clientId: client.clientId,
      userId: grant.user.id,
      grantId: grant.id,
    },
    'authorization code presented again: the tokens it produced are revoked',
  );
  throw invalidGrant('The authorization code has already been used.');
}

/**
 * The authorization code grant (RFC 6749 §4.1.3, RFC 7636 §4.5). Every refusal is
 * `invalid_grant`, the same for a code that does not exist, belongs to another client, expired
 * or was used, so that the answer tells an attacker nothing about a code they are probing.
 */
export const authorizationCodeGrant: GrantHandler = async ({
  services,
  em,
  client,
  params,
  request,
  now,
}) => {
  const code = params.code;
  if (code === undefined) {
    throw new OAuthError('invalid_request', 'The code parameter is required.');
  }

  const grant = await em.findOne(Grant, { checksum: checksum(code) }, { populate: ['user'] });
  if (!grant || grant.application.id !== client.id) {
    throw invalidGrant('The authorization code is invalid.');
  }
  if (grant.usedAt !== null)
    return refuseReplay(em, grant, client, now, request.log, services.metrics);
  if (grant.expiresAt <= now) throw invalidGrant('The authorization code has expired.');

  checkRedirectUri(grant, params.redirect_uri, client);
  checkCodeVerifier(grant, params.code_verifier);
  // The user may have been deactivated in the seconds since they approved the request.
  if (!grant.user.isActive) throw invalidGrant('The user is inactive.');

  const response = await redeem(em, services.config, now, grant, client);
  if (response === null) return refuseReplay(em, grant, client, now, request.log, services.metrics);

  request.log.info(
    {
      event: 'authorization_code_redeemed',
      clientId: client.clientId,
      userId: grant.user.id,
      grantId: grant.id,
    },
    'authorization code redeemed',
  );
  return response;
};
