import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../../src/config';
import { buildApp } from '../../src/http/app';
import type { Services } from '../../src/auth/deps';
import type { AuthCache } from '../../src/auth/AuthCache';
import { createUser } from '../../src/accounts/users';
import { createApplication, type NewApplication } from '../../src/oauth2/applications';
import { issueAccessToken } from '../../src/oauth2/accessTokens';
import { Application as ApplicationEntity, User as UserEntity } from '../../src/entities';
import type { Application, User } from '../../src/entities';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_SECRET_KEY = 'test-secret-key-that-is-long-enough-to-sign-cookies';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SECRET_KEY: TEST_SECRET_KEY,
    ...overrides,
  });
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  db: TestDatabase;
  config: Config;
  /** A fresh unit of work, as a request would get. */
  em(): EntityManager;
  close(): Promise<void>;
}

/**
 * The real app on a fresh database, driven with `app.inject` (no port). `now` lets a test move
 * the server's clock instead of sleeping.
 */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    now?: () => Date;
    logStream?: NodeJS.WritableStream;
    /** An authentication cache to use (src/auth/AuthCache.ts); none by default. */
    authCache?: AuthCache;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(options.env);
  const { app, services } = await buildApp({
    config,
    orm: db.orm,
    now: options.now,
    logStream: options.logStream,
    authCache: options.authCache ?? null,
  });
  await app.ready();
  return {
    app,
    services,
    db,
    config,
    em: () => db.orm.em.fork(),
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export async function makeUser(
  t: TestApp,
  username: string,
  extra: { isStaff?: boolean; isSuperuser?: boolean; password?: string } = {},
): Promise<User> {
  return createUser(t.em(), { username, password: extra.password ?? 'correct horse', ...extra });
}

export async function makeApplication(
  t: TestApp,
  input: Partial<NewApplication> = {},
): Promise<{ application: Application; clientSecret: string | null }> {
  return createApplication(t.em(), {
    name: 'test app',
    clientType: 'confidential',
    grantTypes: ['password', 'client_credentials'],
    ...input,
  });
}

export async function makeToken(
  t: TestApp,
  application: Application,
  user: User | null,
  extra: { scopes?: string[]; expiresIn?: number; token?: string; now?: Date } = {},
): Promise<{ token: string; id: string }> {
  const em = t.em();
  const issued = await issueAccessToken(em, t.config, extra.now ?? new Date(), {
    application: em.getReference(ApplicationEntity, application.id),
    user: user ? await em.findOneOrFail(UserEntity, user.id) : null,
    scopes: extra.scopes ?? ['read', 'write'],
    expiresIn: extra.expiresIn,
    token: extra.token,
  });
  return { token: issued.token, id: issued.accessToken.id };
}

/** Sends a GraphQL POST as a JSON client would. */
export async function gql(
  t: TestApp,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...options.headers },
    payload: { query, variables: options.variables },
  });
  return { response, body: response.json() as GraphQLBody };
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: string[] }[];
}
