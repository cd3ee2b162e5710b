import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { checksum } from './tokens';
import { USER_COLUMNS, toDate, userFromRow, type UserRow } from './rows';
import type { Services } from './deps';
import type { AuthUser } from './types';

interface SessionRow extends UserRow {
  session_id: string;
  expires_at: string | Date;
}

export interface SessionResult {
  user: AuthUser;
  sessionId: string;
}

/**
 * The session backend, Django's `SessionMiddleware` plus `ModelBackend`: a signed cookie names a
 * session row, which authenticates while it is unexpired and its user is active.
 *
 * The signature (HMAC with SECRET_KEY) lets a forged or altered cookie be dropped without a
 * database query; the key itself is 256 random bits, stored only as a checksum.
 */
export async function authenticateSession(
  request: FastifyRequest,
  services: Services,
): Promise<SessionResult | null> {
  const raw = request.cookies[services.config.sessionCookieName];
  if (!raw) return null;

  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;

  const rows: SessionRow[] = await services.orm.em.getConnection().execute(
    `select s.id as session_id, s.expires_at, ${USER_COLUMNS}
       from sessions s join users u on u.id = s.user_id
      where s.checksum = ?`,
    [checksum(unsigned.value)],
  );
  const row = rows[0];
  if (!row || toDate(row.expires_at) <= services.now()) return null;

  const user = userFromRow(row);
  if (!user?.isActive) return null;
  return { user, sessionId: String(row.session_id) };
}
