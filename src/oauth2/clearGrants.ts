import type { EntityManager } from '@mikro-orm/postgresql';
import { Grant } from '../entities';
import { badInput } from '../errors';

/**
 * Deletes authorization codes past their expiry, used or not, in the batched style of
 * `cleartokens` (src/oauth2/clearTokens.ts): each batch is one `DELETE … WHERE id IN (SELECT id
 * … LIMIT n)` committed on its own, so no table is read into memory and no lock is held long.
 *
 * A used code is kept until it expires rather than deleted at once: while it exists, a second
 * presentation is recognised as a replay and revokes the tokens of the first (RFC 6749
 * §4.1.2); deleted, it would merely be unknown. Past its expiry it can never be redeemed.
 */

export interface ClearGrantsProgress {
  kind: 'grants';
  /** 1 for the first batch. */
  batch: number;
  deleted: number;
  /** Codes deleted so far. */
  total: number;
}

export interface ClearGrantsOptions {
  now: Date;
  batchSize: number;
  /** Called after every batch that deleted something. */
  onBatch?: (progress: ClearGrantsProgress) => void;
}

const MAX_BATCH_SIZE = 100_000;

/** Deletes every expired authorization code; returns how many. */
export async function clearGrants(em: EntityManager, options: ClearGrantsOptions): Promise<number> {
  const { batchSize, now } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw badInput(`Batch size must be 1 to ${MAX_BATCH_SIZE}.`, 'batchSize');
  }

  let total = 0;
  for (let batch = 1; ; batch += 1) {
    const ids = em
      .createQueryBuilder(Grant, 'dead')
      .select('id')
      .where({ expiresAt: { $lte: now } })
      .limit(batchSize);
    const { affectedRows: deleted } = await em
      .createQueryBuilder(Grant)
      .delete({ id: { $in: ids.getKnexQuery() } })
      .execute('run');

    total += deleted;
    if (deleted > 0) options.onBatch?.({ kind: 'grants', batch, deleted, total });
    if (deleted < batchSize) return total;
  }
}
