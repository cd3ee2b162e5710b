import type { FastifyRequest } from 'fastify';
import { parseAuthorization } from './bearer';
import { checksum } from './tokens';
import { USER_COLUMNS, toDate, userFromRow, type UserRow } from './rows';
import type { Services } from './deps';
import type { AuthUser, TokenInfo, TokenRejection } from './types';

interface TokenRow extends UserRow {
  token_id: string;
  scope: string;
  expires_at: string | Date;
  revoked_at: string | Date | null;
  application_id: number;
  client_id: string;
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
 * the cascade has removed them.
 */
export async function authenticateToken(
  request: FastifyRequest,
  services: Services,
): Promise<OAuth2Result> {
  const credential = parseAuthorization(request.headers.authorization);
  if (credential.kind !== 'bearer') return { kind: 'none' };

  const rows: TokenRow[] = await services.orm.em.getConnection().execute(
    `select t.id as token_id, t.scope, t.expires_at, t.revoked_at,
            a.id as application_id, a.client_id, ${USER_COLUMNS}
       from access_tokens t
       join applications a on a.id = t.application_id
       left join users u on u.id = t.user_id
      where t.checksum = ?`,
    [checksum(credential.token)],
  );
  const row = rows[0];
  if (!row) return { kind: 'rejected', reason: 'unknown' };
  if (row.revoked_at !== null) return { kind: 'rejected', reason: 'revoked' };

  const expiresAt = toDate(row.expires_at);
  if (expiresAt <= services.now()) return { kind: 'rejected', reason: 'expired' };

  const user = userFromRow(row);
  if (user && !user.isActive) return { kind: 'rejected', reason: 'inactive_user' };

  const token: TokenInfo = {
    id: String(row.token_id),
    scopes: row.scope.split(' ').filter(Boolean),
    applicationId: row.application_id,
    clientId: row.client_id,
    userId: user?.id ?? null,
    expiresAt,
  };
  return { kind: 'token', token, user };
}
