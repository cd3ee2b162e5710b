import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { toDate } from '../auth/rows';

/**
 * A refresh-token family is every refresh token descended by rotation from one grant, with the
 * access tokens issued beside them. Rotated tokens stay in it as revoked tombstones, which is
 * what lets a replay be recognised (RFC 9700 §4.14.2).
 */

/**
 * Revokes a whole family: every refresh token and every access token issued with or from one.
 * Used when a rotated token comes back (someone holds a stolen copy, and the server cannot tell
 * which party is legitimate, so both lose access) and when a client revokes a refresh token
 * (RFC 7009 §2.1: the tokens of the same grant go with it). Returns how many refresh tokens
 * this call revoked. Runs in the caller's transaction when there is one.
 */
export async function revokeFamily(
  em: EntityManager,
  familyId: string,
  now: Date,
): Promise<number> {
  const refreshed = await em.execute<{ affectedRows: number }>(
    `update refresh_tokens set revoked_at = ? where family_id = ? and revoked_at is null`,
    [now, familyId],
    'run',
  );
  await em.execute(
    `update access_tokens set revoked_at = ?
      where revoked_at is null
        and (id in (select access_token_id from refresh_tokens where family_id = ?)
             or source_refresh_token_id in (select id from refresh_tokens where family_id = ?))`,
    [now, familyId, familyId],
    'run',
  );
  return refreshed.affectedRows;
}

/** When the family's first token was issued: the start of its absolute lifetime. */
export async function familyStartedAt(em: EntityManager, familyId: string): Promise<Date | null> {
  const rows = await em.execute<{ started: string | Date | null }[]>(
    `select min(created_at) as started from refresh_tokens where family_id = ?`,
    [familyId],
  );
  const started = rows[0]?.started;
  return started === null || started === undefined ? null : toDate(started);
}

/**
 * The moment a refresh token stops working: the family's absolute lifetime
 * (REFRESH_TOKEN_EXPIRE_SECONDS from its first token) or, when configured, the idle timeout
 * measured from this token's own issuance, whichever comes first. Both are checked when the
 * token is presented, so no background job has to run for them to hold.
 */
export function refreshTokenExpiresAt(
  config: Config,
  token: { createdAt: Date },
  familyStart: Date,
): Date {
  const absolute = familyStart.getTime() + config.refreshTokenLifetime * 1000;
  const idle =
    config.refreshTokenIdleTimeout === undefined
      ? Infinity
      : token.createdAt.getTime() + config.refreshTokenIdleTimeout * 1000;
  return new Date(Math.min(absolute, idle));
}
