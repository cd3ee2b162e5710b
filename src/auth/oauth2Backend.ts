import type { FastifyRequest } from 'fastify';
import { parseAuthorization } from './bearer';
import { checksum } from './tokens';
import { USER_COLUMNS, toDate, userFromRow, type UserRow } from './rows';
import type { Services } from './deps';
import type { CachedRecord } from './AuthCache';
import type { AuthUser, TokenInfo, TokenRejection } from './types';

interface TokenRow extends UserRow {
  token_id: string;
  scope: string;
  expires_at: string | Date;
  revoked_at: string | Date | null;
  application_id: number;
  client_id: string;
}

/** The token as stored, before the checks that depend on the time of the request. */
interface TokenRecord extends CachedRecord {
  token: TokenInfo;
  user: AuthUser | null;
  revoked: boolean;
}

export type OAuth2Result =
  | { kind: 'none' }
  | { kind: 'rejected'; reason: TokenRejection }
  | { kind: 'token'; token: TokenInfo; user: AuthUser | null };

/**
 * The OAuth2 backend, django-oauth-toolkit's `OAuth2Backend`: a Bearer token authenticates when
 * its checksum is known, it is unexpired and unrevoked, its application still exists, and its
 * user (if it has one) is active.
 *
 * The seed's library accepts an inactive user's token; this one refuses it, so deactivating an
 * account cuts off every client acting for it at once rather than when its tokens expire.
 *
 * One query by the checksum's unique index fetches the token with its application and user.
 * The inner join on applications means a deleted application's tokens are unknown, even before
 * the cascade has removed them. With the cache active (src/auth/AuthCache.ts) a known checksum
 * costs no query; revocation, the user's state and expiry are still checked on every request.
 */
export async function authenticateToken(
  request: FastifyRequest,
  services: Services,
): Promise<OAuth2Result> {
  const credential = parseAuthorization(request.headers.authorization);
  if (credential.kind !== 'bearer') return { kind: 'none' };

  const key = checksum(credential.token);
  const record = services.authCache
    ? await services.authCache.lookup('token', key, () => loadToken(services, key))
    : await loadToken(services, key);
  if (!record) return { kind: 'rejected', reason: 'unknown' };
  if (record.revoked) return { kind: 'rejected', reason: 'revoked' };
  if (record.token.expiresAt <= services.now()) return { kind: 'rejected', reason: 'expired' };
  if (record.user && !record.user.isActive) return { kind: 'rejected', reason: 'inactive_user' };

  return { kind: 'token', token: record.token, user: record.user };
}

async function loadToken(services: Services, key: string): Promise<TokenRecord | null> {
  const rows: TokenRow[] = await services.orm.em.getConnection().execute(
    `select t.id as token_id, t.scope, t.expires_at, t.revoked_at,
            a.id as application_id, a.client_id, ${USER_COLUMNS}
       from access_tokens t
       join applications a on a.id = t.application_id
       left join users u on u.id = t.user_id
      where t.checksum = ?`,
    [key],
  );
  const row = rows[0];
  if (!row) return null;

  const user = userFromRow(row);
  const token: TokenInfo = {
    id: String(row.token_id),
    scopes: row.scope.split(' ').filter(Boolean),
    applicationId: row.application_id,
    clientId: row.client_id,
    userId: user?.id ?? null,
    expiresAt: toDate(row.expires_at),
  };
  return {
    token,
    user,
    revoked: row.revoked_at !== null,
    userId: token.userId,
    applicationId: token.applicationId,
  };
}
