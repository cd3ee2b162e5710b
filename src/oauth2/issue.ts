import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessToken, Application, RefreshToken, User } from '../entities';
import type { Config } from '../config';
import { checksum, generateToken } from '../auth/tokens';
import { formatScopes } from './scopes';

/** The successful token response of RFC 6749 §5.1. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

export interface TokenRequest {
  application: Application;
  user: User | null;
  scopes: string[];
  /** Issue a refresh token with the access token. */
  withRefreshToken: boolean;
  /** The family a rotated refresh token continues; a new family when omitted. */
  familyId?: string;
  /** The refresh token whose use produced these tokens, for the audit trail. */
  sourceRefreshToken?: RefreshToken | null;
}

const issuedRows = new WeakMap<TokenResponse, AccessToken>();

/**
 * Links a response to the access-token row it announces, so the token endpoint can log and
 * announce the issuance (with the row's id, once flushed) without looking the token up again.
 */
export function rememberIssued(response: TokenResponse, accessToken: AccessToken): void {
  issuedRows.set(response, accessToken);
}

export function issuedAccessToken(response: TokenResponse): AccessToken | undefined {
  return issuedRows.get(response);
}

export interface IssuedTokens {
  response: TokenResponse;
  accessToken: AccessToken;
  refreshToken: RefreshToken | null;
}

/**
 * Creates an access token and, when asked, a refresh token, storing only their checksums. The
 * caller flushes (usually inside the transaction that also consumed a code or rotated a token).
 */
export function createTokens(
  em: EntityManager,
  config: Config,
  now: Date,
  request: TokenRequest,
): IssuedTokens {
  const access = generateToken();
  const scope = formatScopes(request.scopes);
  const accessToken = em.create(AccessToken, {
    checksum: checksum(access),
    user: request.user,
    application: request.application,
    scope,
    expiresAt: new Date(now.getTime() + config.accessTokenLifetime * 1000),
    createdAt: now,
    revokedAt: null,
    sourceRefreshToken: request.sourceRefreshToken ?? null,
  });

  const response: TokenResponse = {
    access_token: access,
    token_type: 'Bearer',
    expires_in: config.accessTokenLifetime,
    scope,
  };
  rememberIssued(response, accessToken);
  if (!request.withRefreshToken) return { response, accessToken, refreshToken: null };

  const refresh = generateToken();
  const refreshToken = em.create(RefreshToken, {
    checksum: checksum(refresh),
    accessToken,
    user: request.user,
    application: request.application,
    familyId: request.familyId ?? randomUUID(),
    createdAt: now,
    revokedAt: null,
  });
  response.refresh_token = refresh;
  return { response, accessToken, refreshToken };
}
