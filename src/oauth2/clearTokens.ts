import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/postgresql';
import { AccessToken, Grant, RefreshToken, Session } from '../entities';
import { badInput } from '../errors';

/**
 * Deletes credentials that can no longer be used, as django-oauth-toolkit's `cleartokens` does.
 *
 * Rows go in batches, each one `DELETE … WHERE id IN (SELECT id … LIMIT n)` committed on its
 * own: no table is read into memory, and no lock is held for longer than one batch, so the
 * command can run beside a busy server.
 */

export type ClearedKind = 'accessTokens' | 'refreshTokens' | 'grants' | 'sessions';

export type ClearedCounts = Record<ClearedKind, number>;

export interface ClearProgress {
  kind: ClearedKind;
  /** 1 for the first batch of this kind. */
  batch: number;
  deleted: number;
  /** Rows of this kind deleted so far. */
  total: number;
}

export interface ClearTokensOptions {
  now: Date;
  batchSize: number;
  /**
   * REFRESH_TOKEN_EXPIRE_SECONDS: a family whose first token is older than this is refused when
   * presented, so all of its rows go. Families are left alone when omitted.
   */
  refreshTokenLifetime?: number;
  /** Called after every batch that deleted something. */
  onBatch?: (progress: ClearProgress) => void;
}

export const DEFAULT_BATCH_SIZE = 1000;
const MAX_BATCH_SIZE = 100_000;

/** One kind of dead row: which table, and which of its rows are of no further use at `now`. */
interface Sweep {
  kind: ClearedKind;
  entity: EntityName<{ id: unknown }>;
  dead(em: EntityManager, options: ClearTokensOptions): FilterQuery<{ id: unknown }>;
}

/** Families whose absolute lifetime, counted from their first token, is over at `now`. */
function expiredFamilies(em: EntityManager, options: ClearTokensOptions) {
  const lifetime = options.refreshTokenLifetime ?? Infinity;
  const startedBefore = new Date(options.now.getTime() - lifetime * 1000);
  return em
    .createQueryBuilder(RefreshToken, 'family')
    .select('familyId')
    .groupBy('familyId')
    .having('min(family.created_at) <= ?', [startedBefore])
    .getKnexQuery();
}

const sweeps: Sweep[] = [
  {
    // An expired or revoked access token is refused by every check; only its row remains. A
    // refresh token pointing at it survives (the foreign key sets its link to null), so an
    // unrevoked refresh token can still be exchanged for a new access token.
    kind: 'accessTokens',
    entity: AccessToken,
    dead: (_em, { now }) => ({
      $or: [{ expiresAt: { $lte: now } }, { revokedAt: { $ne: null } }],
    }),
  },
  {
    // Revoked refresh tokens go once nothing in their family is still usable. A rotated token
    // stays as a tombstone while its family lives: replaying it must be recognised and revoke
    // the family (RFC 9700 §4.14.2), not pass as a mere unknown token, and the family's oldest
    // row dates the start of its absolute lifetime. A family past that lifetime goes whole:
    // every token in it is refused when presented.
    kind: 'refreshTokens',
    entity: RefreshToken,
    dead: (em, options) => {
      const spent = {
        revokedAt: { $ne: null },
        familyId: {
          $nin: em
            .createQueryBuilder(RefreshToken, 'live')
            .select('familyId')
            .where({ revokedAt: null })
            .getKnexQuery(),
        },
      };
      if (options.refreshTokenLifetime === undefined) return spent;
      return { $or: [spent, { familyId: { $in: expiredFamilies(em, options) } }] };
    },
  },
  {
    // An authorization code past its expiry can never be redeemed. A used code is kept until
    // then, so that a second presentation is recognised as a replay and revokes the tokens of
    // the first (RFC 6749 §4.1.2) instead of passing as unknown.
    kind: 'grants',
    entity: Grant,
    dead: (_em, { now }) => ({ expiresAt: { $lte: now } }),
  },
  {
    kind: 'sessions',
    entity: Session,
    dead: (_em, { now }) => ({ expiresAt: { $lte: now } }),
  },
];

async function runSweep(
  em: EntityManager,
  sweep: Sweep,
  options: ClearTokensOptions,
): Promise<number> {
  let total = 0;
  for (let batch = 1; ; batch += 1) {
    const ids = em
      .createQueryBuilder(sweep.entity, 'dead')
      .select('id')
      .where(sweep.dead(em, options))
      .limit(options.batchSize);
    const { affectedRows: deleted } = await em
      .createQueryBuilder(sweep.entity)
      .delete({ id: { $in: ids.getKnexQuery() } })
      .execute('run');

    total += deleted;
    if (deleted > 0) options.onBatch?.({ kind: sweep.kind, batch, deleted, total });
    if (deleted < options.batchSize) return total;
  }
}

/** Deletes every dead access token, refresh token, authorization code and session; returns counts. */
export async function clearTokens(
  em: EntityManager,
  options: ClearTokensOptions,
): Promise<ClearedCounts> {
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw badInput(`Batch size must be 1 to ${MAX_BATCH_SIZE}.`, 'batchSize');
  }

  const counts: ClearedCounts = { accessTokens: 0, refreshTokens: 0, grants: 0, sessions: 0 };
  for (const sweep of sweeps) {
    counts[sweep.kind] = await runSweep(em, sweep, options);
  }
  return counts;
}
