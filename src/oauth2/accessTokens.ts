import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { AccessToken, Application, RefreshToken, User } from '../entities';
import { AppError, ErrorCode, badInput } from '../errors';
import { checksum, generateToken } from '../auth/tokens';
import { parseAuthorization } from '../auth/bearer';
import type { Config } from '../config';
import { formatScopes } from './scopes';

/** A year: long enough for any manual token, short enough that a forgotten one still dies. */
const MAX_LIFETIME = 365 * 24 * 3600;

export interface NewAccessToken {
  application: Application;
  user: User | null;
  scopes: string[];
  /** Seconds; the configured lifetime when omitted. */
  expiresIn?: number | null;
  /** A chosen value, as the tutorial's admin allows; only in development mode. */
  token?: string | null;
  sourceRefreshToken?: RefreshToken | null;
}

export interface IssuedAccessToken {
  accessToken: AccessToken;
  /** The bearer value, returned once; the database keeps only its checksum. */
  token: string;
}

/** Validates a chosen token value: development mode only, and valid RFC 6750 b64token syntax. */
function chosenToken(value: string, config: Config): string {
  if (!config.development) {
    throw new AppError(
      ErrorCode.Forbidden,
      'Chosen token values are accepted only in development mode; omit the value to generate one.',
    );
  }
  const parsed = parseAuthorization(`Bearer ${value}`);
  if (parsed.kind !== 'bearer' || parsed.token !== value) {
    throw badInput(
      'A token value must be 1 to 2048 characters of A-Z a-z 0-9 - . _ ~ + /.',
      'token',
    );
  }
  return value;
}

export async function issueAccessToken(
  em: EntityManager,
  config: Config,
  now: Date,
  input: NewAccessToken,
): Promise<IssuedAccessToken> {
  const lifetime = input.expiresIn ?? config.accessTokenLifetime;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_LIFETIME) {
    throw badInput(`Lifetime must be 1 to ${MAX_LIFETIME} seconds.`, 'expiresIn');
  }
  if (input.user && !input.user.isActive) {
    throw badInput(`User "${input.user.username}" is inactive.`, 'userId');
  }

  const token = input.token ? chosenToken(input.token, config) : generateToken();
  const accessToken = em.create(AccessToken, {
    checksum: checksum(token),
    user: input.user,
    application: input.application,
    scope: formatScopes(input.scopes),
    expiresAt: new Date(now.getTime() + lifetime * 1000),
    createdAt: now,
    revokedAt: null,
    sourceRefreshToken: input.sourceRefreshToken ?? null,
  });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      em.clear();
      throw new AppError(ErrorCode.Conflict, 'That token value is already in use.', {
        field: 'token',
      });
    }
    throw error;
  }
  return { accessToken, token };
}

/**
 * Revokes an access token and the refresh token issued with it (RFC 7009 §2.1 lets a server do
 * so, and django-oauth-toolkit does), so that a revoked session cannot be silently renewed.
 * The row stays as a tombstone until `cleartokens` removes it.
 */
export async function revokeAccessToken(
  em: EntityManager,
  accessToken: AccessToken,
  now: Date,
): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.nativeUpdate(AccessToken, { id: accessToken.id, revokedAt: null }, { revokedAt: now });
    await tx.nativeUpdate(
      RefreshToken,
      { accessToken: accessToken.id, revokedAt: null },
      { revokedAt: now },
    );
  });
  accessToken.revokedAt ??= now;
}

export const isTokenActive = (token: AccessToken, now: Date): boolean =>
  token.revokedAt === null && token.expiresAt > now;
