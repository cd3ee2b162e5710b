import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions, migrate } from '../../src/db/orm';
import { openMemory } from '../../src/db/embedded';

export interface TestDatabase {
  orm: MikroORM;
  /** The URL of this database when it lives on a PostgreSQL server (DATABASE_URL is set). */
  url: string | undefined;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file. With DATABASE_URL it is a new database on that
 * server, dropped afterwards; without it, an in-memory PGlite on a private socket. Either way no
 * two test files share state, so jest workers can run them in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) return createServerDatabase(serverUrl);

  const socketDir = await mkdtemp(path.join(tmpdir(), 'oauth-test-'));
  const embedded = await openMemory(socketDir);
  const orm = await MikroORM.init(ormOptions({ kind: 'embedded', embedded }));
  await migrate(orm);
  return {
    orm,
    url: undefined,
    close: async () => {
      await orm.close();
      await embedded.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}

async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `oauth_test_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const orm = await MikroORM.init(ormOptions({ kind: 'url', url: url.toString() }));
  await migrate(orm);
  return {
    orm,
    url: url.toString(),
    close: async () => {
      await orm.close();
      const cleanup = new Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}
