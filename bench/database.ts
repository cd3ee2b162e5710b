import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, type ClientConfig } from 'pg';
import { sign } from '@fastify/cookie';
import { checksum, generateToken } from '../src/auth/tokens';
import { hashPassword } from '../src/auth/password';

/**
 * Where the benchmark's server keeps its data: a fresh database on DATABASE_URL's server, dropped
 * afterwards, or the embedded default in a temporary folder. Either way nothing the developer
 * keeps is touched.
 */
export interface BenchDatabase {
  /** The environment that points the server at it. */
  env: Record<string, string>;
  /** How the seeding connects, once the server has created the schema. */
  client(): ClientConfig;
  label: string;
  drop(): Promise<void>;
}

export async function prepareDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oauth-bench-'));
  if (!serverUrl) {
    return {
      env: { DATA_DIR: dataDir },
      client: () => ({ host: dataDir, port: 5432, user: 'postgres', database: 'postgres' }),
      label: 'embedded PGlite',
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }

  const name = `oauth_bench_${randomBytes(6).toString('hex')}`;
  await withClient({ connectionString: serverUrl }, (admin) =>
    admin.query(`create database "${name}"`),
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    client: () => ({ connectionString: url.toString() }),
    label: `PostgreSQL (${url.host}, database ${name})`,
    drop: async () => {
      await withClient({ connectionString: serverUrl }, (admin) =>
        admin.query(`drop database if exists "${name}" with (force)`),
      );
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function withClient<T>(
  config: ClientConfig,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client(config);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface Credentials {
  /** `Authorization` value of a valid token for an active user with `read write`. */
  bearer: string;
  /** `Cookie` value of a live session of the same user. */
  cookie: string;
  /** `Authorization` value of a client-credentials client (HTTP Basic, RFC 6749 §2.3.1). */
  basic: string;
}

/**
 * The rows the scenarios need, written with SQL so that seeding takes no time to speak of: one
 * user, one confidential client allowed client_credentials, one access token and one session.
 */
export async function seed(
  client: Client,
  secretKey: string,
  cookieName: string,
): Promise<Credentials> {
  const user = await client.query<{ id: number }>(
    `insert into users (username, password, is_active) values ('bench', '!', true) returning id`,
  );
  const userId = user.rows[0]!.id;

  const clientId = randomBytes(16).toString('hex');
  const clientSecret = randomBytes(32).toString('base64url');
  const application = await client.query<{ id: number }>(
    `insert into applications (client_id, client_secret_hash, client_type, grant_types, redirect_uris, name)
     values ($1, $2, 'confidential', '{client_credentials}', '{}', 'bench') returning id`,
    [clientId, await hashPassword(clientSecret)],
  );
  const applicationId = application.rows[0]!.id;

  const token = generateToken();
  await client.query(
    `insert into access_tokens (checksum, user_id, application_id, scope, expires_at)
     values ($1, $2, $3, 'read write', now() + interval '1 day')`,
    [checksum(token), userId, applicationId],
  );

  const sessionKey = generateToken();
  await client.query(
    `insert into sessions (checksum, user_id, expires_at) values ($1, $2, now() + interval '1 day')`,
    [checksum(sessionKey), userId],
  );

  return {
    bearer: `Bearer ${token}`,
    cookie: `${cookieName}=${encodeURIComponent(sign(sessionKey, secretKey))}`,
    basic: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
  };
}

/**
 * Fills access_tokens with `count` more rows in one statement, as many other users' tokens would.
 * Their checksums are SHA-256 of distinct strings, so they spread over the index like real ones.
 */
export async function fillTokens(client: Client, count: number): Promise<void> {
  const owner = await client.query<{ user_id: number; application_id: number }>(
    'select user_id, application_id from access_tokens limit 1',
  );
  const { user_id: userId, application_id: applicationId } = owner.rows[0]!;
  await client.query(
    `insert into access_tokens (checksum, user_id, application_id, scope, expires_at)
     select encode(sha256(convert_to('bench-filler-' || n, 'UTF8')), 'hex'), $1, $2, 'read',
            now() + interval '1 day'
       from generate_series(1, $3::int) as n`,
    [userId, applicationId, count],
  );
  await client.query('analyze access_tokens');
}
