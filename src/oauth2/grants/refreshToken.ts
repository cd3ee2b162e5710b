import { OAuthError } from '../errors';
import type { TokenResponse } from '../issue';
import { rotateRefreshToken } from '../rotation';
import type { GrantHandler } from './types';
import { requestedScopes } from './requestedScopes';

/**
 * Responses that repeat a pair issued earlier (a retry within the grace period). The token
 * endpoint does not announce them as new issuances.
 */
const repeated = new WeakSet<TokenResponse>();

export const isRepeatedResponse = (response: TokenResponse): boolean => repeated.has(response);

/**
 * The refresh token grant (RFC 6749 §6) with rotation (src/oauth2/rotation.ts). The rotation
 * runs in one transaction, which commits even when the token is refused, so that a family
 * revoked for a replay stays revoked.
 */
export const refreshTokenGrant: GrantHandler = async ({
  services,
  em,
  client,
  params,
  request,
  now,
}) => {
  const presented = params.refresh_token;
  if (presented === undefined) {
    throw new OAuthError('invalid_request', 'The refresh_token parameter is required.');
  }
  const scopes = params.scope === undefined ? null : requestedScopes(params.scope, services.config);

  const outcome = await em.transactional((tx) =>
    rotateRefreshToken(tx, services.config, { client, presented, scopes, now }),
  );

  const fields = { clientId: client.clientId, familyId: outcome.familyId };
  if (outcome.kind === 'refused') {
    const level = outcome.reason === 'reused' ? 'warn' : 'info';
    if (outcome.reason === 'reused') services.metrics?.tokensRevoked.inc({ via: 'refresh_reuse' });
    request.log[level](
      { event: 'refresh_token_refused', ...fields, reason: outcome.reason },
      outcome.reason === 'reused'
        ? 'rotated refresh token presented again: family revoked'
        : 'refresh token refused',
    );
    throw outcome.error;
  }

  if (outcome.kind === 'retried') {
    repeated.add(outcome.response);
    request.log.info({ event: 'refresh_token_retried', ...fields }, 'grace-period retry answered');
    return outcome.response;
  }
  request.log.info({ event: 'refresh_token_rotated', ...fields }, 'refresh token rotated');
  return outcome.response;
};
