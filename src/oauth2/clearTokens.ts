import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/postgresql';
import { AccessToken, RefreshToken, Session } from '../entities';
import { badInput } from '../errors';

/**
 * Deletes credentials that can no longer be used, as django-oauth-toolkit's `cleartokens` does.
 *
 * Rows go in batches, each one `DELETE … WHERE id IN (SELECT id … LIMIT n)` committed on its
 * own: no table is read into memory, and no lock is held for longer than one batch, so the
 * command can run beside a busy server.
 */

export type ClearedKind = 'accessTokens' | 'refreshTokens' | 'sessions';

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
  /** Called after every batch that deleted something. */
  onBatch?: (progress: ClearProgress) => void;
}

export const DEFAULT_BATCH_SIZE = 1000;
const MAX_BATCH_SIZE = 100_000;

/** One kind of dead row: which table, and which of its rows are of no further use at `now`. */
interface Sweep {
  kind: ClearedKind;
  entity: EntityName<{ id: unknown }>;
  dead(em: EntityManager, now: Date): FilterQuery<{ id: unknown }>;
}

const sweeps: Sweep[] = [
  {
    // An expired or revoked access token is refused by every check; only its row remains. A
    // refresh token pointing at it survives (the foreign key sets its link to null), so an
    // unrevoked refresh token can still be exchanged for a new access token.
    kind: 'accessTokens',
    entity: AccessToken,
    dead: (_em, now) => ({ $or: [{ expiresAt: { $lte: now } }, { revokedAt: { $ne: null } }] }),
  },
  {
    // Only revoked refresh tokens go, and only once nothing in their family is still usable.
    // A rotated token stays as a tombstone while its family lives: replaying it must be
    // recognised and revoke the family (RFC 9700 §4.14.2), not pass as a mere unknown token,
    // and the family's oldest row dates the start of its absolute lifetime.
    kind: 'refreshTokens',
    entity: RefreshToken,
    dead: (em) => ({
      revokedAt: { $ne: null },
      familyId: {
        $nin: em
          .createQueryBuilder(RefreshToken, 'live')
          .select('familyId')
          .where({ revokedAt: null })
          .getKnexQuery(),
      },
    }),
  },
  {
    kind: 'sessions',
    entity: Session,
    dead: (_em, now) => ({ expiresAt: { $lte: now } }),
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
      .where(sweep.dead(em, options.now))
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

/** Deletes every dead access token, refresh token and session; returns how many of each. */
export async function clearTokens(
  em: EntityManager,
  options: ClearTokensOptions,
): Promise<ClearedCounts> {
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw badInput(`Batch size must be 1 to ${MAX_BATCH_SIZE}.`, 'batchSize');
  }

  const counts: ClearedCounts = { accessTokens: 0, refreshTokens: 0, sessions: 0 };
  for (const sweep of sweeps) {
    counts[sweep.kind] = await runSweep(em, sweep, options);
  }
  return counts;
}
