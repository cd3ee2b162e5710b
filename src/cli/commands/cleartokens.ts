import { clearTokens, DEFAULT_BATCH_SIZE, type ClearedKind } from '../../oauth2/clearTokens';
import type { CommandSpec } from '../command';
import { positiveInteger } from '../options';

export interface ClearTokensArgs {
  batchSize: number;
}

const labels: Record<ClearedKind, string> = {
  accessTokens: 'access tokens',
  refreshTokens: 'refresh tokens',
  grants: 'authorization codes',
  sessions: 'sessions',
};

/** `manage cleartokens`: the periodic clean-up django-oauth-toolkit's command of that name does. */
export const cleartokens: CommandSpec<ClearTokensArgs> = {
  name: 'cleartokens',
  summary: 'Delete expired and revoked tokens, expired codes and expired sessions',
  usage: 'cleartokens [--batch-size N]',
  help: `Deletes access tokens that are expired or revoked, refresh tokens that are revoked and
whose family holds no usable token any more, whole refresh-token families past their
lifetime (REFRESH_TOKEN_EXPIRE_SECONDS), expired authorization codes, and expired sessions.
Rows are deleted in batches, each committed on its own, so it is safe to run while the
server is serving (for example daily from cron).

Options:
  --batch-size N   Rows deleted per statement (default ${DEFAULT_BATCH_SIZE}).`,
  options: { 'batch-size': { type: 'string' } },
  needsSchema: true,

  parse: (values) => ({
    batchSize: positiveInteger(values, 'batch-size') ?? DEFAULT_BATCH_SIZE,
  }),

  async run({ orm, config, args, out, now }) {
    const counts = await clearTokens(orm.em.fork(), {
      now,
      batchSize: args.batchSize,
      refreshTokenLifetime: config.refreshTokenLifetime,
      onBatch: ({ kind, batch, deleted, total }) =>
        out(`${labels[kind]}: batch ${batch} deleted ${deleted} (${total} so far)`),
    });

    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    const parts = (Object.keys(labels) as ClearedKind[]).map(
      (kind) => `${counts[kind]} ${labels[kind]}`,
    );
    out(`Deleted ${total} rows: ${parts.join(', ')}.`);
  },
};
