import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../entities';
import { migrationsList } from './migrations';
import type { Config } from '../config';
import { openEmbedded, type EmbeddedConnection } from './embedded';

/** Where the ORM connects: a URL for a real server, or the embedded database's socket. */
export type Connection =
  | { kind: 'url'; url: string }
  | { kind: 'embedded'; embedded: EmbeddedConnection; dbName?: string };

/** MikroORM options shared by the server, the CLI, the tests and `mikro-orm.config.ts`. */
export function ormOptions(connection: Connection): Options {
  const base: Options = {
    entities,
    extensions: [Migrator],
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
    discovery: { warnWhenNoEntities: true },
  };

  if (connection.kind === 'url') {
    return { ...base, clientUrl: connection.url };
  }

  // PGlite executes one statement at a time; a single pooled connection keeps transactions from
  // interleaving inside its multiplexer.
  return {
    ...base,
    host: connection.embedded.socketDir,
    port: connection.embedded.port,
    user: 'postgres',
    dbName: connection.dbName ?? 'postgres',
    pool: { min: 0, max: 1 },
  };
}

export interface Database {
  orm: MikroORM;
  close(): Promise<void>;
}

/**
 * Connects to the configured store: `DATABASE_URL` when set, otherwise the embedded database in
 * the data folder (shared with a running server for CLI commands).
 */
export async function connect(config: Config, options: { shared: boolean }): Promise<Database> {
  if (config.databaseUrl) {
    const orm = await MikroORM.init(ormOptions({ kind: 'url', url: config.databaseUrl }));
    return { orm, close: () => orm.close() };
  }

  const embedded = await openEmbedded(config.dataDir, options);
  try {
    const orm = await MikroORM.init(ormOptions({ kind: 'embedded', embedded }));
    return {
      orm,
      close: async () => {
        await orm.close();
        await embedded.close();
      },
    };
  } catch (error) {
    await embedded.close();
    throw error;
  }
}

/** Applies pending migrations; returns the names of those it applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
