import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { checksum } from './tokens';
import { USER_COLUMNS, toDate, userFromRow, type UserRow } from './rows';
import type { Services } from './deps';
import type { CachedRecord } from './AuthCache';
import type { AuthUser } from './types';

interface SessionRow extends UserRow {
  session_id: string;
  expires_at: string | Date;
}

/** The session as stored, before the checks that depend on the time of the request. */
interface SessionRecord extends CachedRecord {
  sessionId: string;
  expiresAt: Date;
  user: AuthUser | null;
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
 * database query; the key itself is 256 random bits, stored only as a checksum. With the cache
 * active (src/auth/AuthCache.ts) a known session costs no query; expiry and the user's state are
 * still checked on every request, and logging out evicts it everywhere.
 */
export async function authenticateSession(
  request: FastifyRequest,
  services: Services,
): Promise<SessionResult | null> {
  const raw = request.cookies[services.config.sessionCookieName];
  if (!raw) return null;

  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;

  const key = checksum(unsigned.value);
  const record = services.authCache
    ? await services.authCache.lookup('session', key, () => loadSession(services, key))
    : await loadSession(services, key);
  if (!record || record.expiresAt <= services.now()) return null;
  if (!record.user?.isActive) return null;
  return { user: record.user, sessionId: record.sessionId };
}

async function loadSession(services: Services, key: string): Promise<SessionRecord | null> {
  const rows: SessionRow[] = await services.orm.em.getConnection().execute(
    `select s.id as session_id, s.expires_at, ${USER_COLUMNS}
       from sessions s join users u on u.id = s.user_id
      where s.checksum = ?`,
    [key],
  );
  const row = rows[0];
  if (!row) return null;

  const user = userFromRow(row);
  return {
    sessionId: String(row.session_id),
    expiresAt: toDate(row.expires_at),
    user,
    userId: user?.id ?? null,
    applicationId: null,
  };
}
