import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { serverEnv, startServer, type ServerProcess } from '../helpers/server';
import { eventually } from '../helpers/eventually';
import { TEST_SECRET_KEY, testConfig } from '../helpers/app';
import { createUser } from '../../src/accounts/users';
import { createApplication } from '../../src/oauth2/applications';
import { issueAccessToken } from '../../src/oauth2/accessTokens';
import { Application, User } from '../../src/entities';
import { LISTENER_APPLICATION_NAME } from '../../src/db/authNotifications';

/**
 * Two server processes on one PostgreSQL database, each with its authentication cache warm: a
 * credential revoked through one is refused by the other within a second, whichever way it was
 * revoked, and a process whose change notices were cut neither refuses a valid token nor accepts
 * a revoked one. The embedded database serves one process only, so this needs DATABASE_URL.
 */

const onServer = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) {
  console.warn('revocation.test.ts skipped: two server processes need DATABASE_URL');
}

const ACTIVE = 'auth cache active: listening for changes';
const SECRET = 'Secret contents!';

let db: TestDatabase;
let a: ServerProcess;
let b: ServerProcess;
const cleanups: (() => Promise<void>)[] = [];
let application: Application;
let clientSecret: string;
let staffToken: string;
let counter = 0;

async function startOne(): Promise<ServerProcess> {
  const prepared = await serverEnv(db.url);
  cleanups.push(prepared.cleanup);
  // One signing key for both, as a deployment shares it, so a session works on either.
  const server = await startServer({ ...prepared.env, SECRET_KEY: TEST_SECRET_KEY });
  await eventually(async () => server.output.some((line) => line.includes(ACTIVE)), true, {
    withinMs: 10_000,
  });
  return server;
}

async function issue(user: User | null, app = application): Promise<{ token: string; id: string }> {
  const em = db.orm.em.fork();
  const issued = await issueAccessToken(em, testConfig(), new Date(), {
    application: em.getReference(Application, app.id),
    user: user ? await em.findOneOrFail(User, user.id) : null,
    scopes: ['read', 'write'],
  });
  return { token: issued.token, id: String(issued.accessToken.id) };
}

async function newUser(extra: { isStaff?: boolean } = {}): Promise<User> {
  counter += 1;
  return createUser(db.orm.em.fork(), {
    username: `user${counter}`,
    password: 'correct horse',
    ...extra,
  });
}

async function graphql(
  server: ServerProcess,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { extensions?: { code?: string } }[];
  };
  return { response, body };
}

/** What `{ secret }` answers a token on a server: the secret or the first error code. */
async function secret(server: ServerProcess, token: string): Promise<unknown> {
  const { body } = await graphql(server, '{ secret }', {
    headers: { authorization: `Bearer ${token}` },
  });
  return body.data?.secret ?? body.errors?.[0]?.extensions?.code;
}

async function mutate(query: string, variables: Record<string, unknown>) {
  const { body } = await graphql(a, query, {
    variables,
    headers: { authorization: `Bearer ${staffToken}` },
  });
  expect(body.errors).toBeUndefined();
}

/** Polls server B every 50 ms for up to a second until `probe` gives `expected`. */
async function refusedByB(probe: () => Promise<unknown>, expected: unknown = 'UNAUTHENTICATED') {
  const { value, afterMs } = await eventually(probe, expected, { withinMs: 1000, everyMs: 50 });
  expect(value).toEqual(expected);
  expect(afterMs).toBeLessThan(1000);
}

/**
 * Changes a row with the triggers off, so no notice is sent: if B still answers as before, it
 * answered from its cache. Proves the tests below exercise the cache, not only the database.
 */
async function withoutNotice(sql: string, params: unknown[]): Promise<void> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    await client.query(sql, params);
    await client.query('commit');
  } finally {
    await client.end();
  }
}

onServer('revocation across two server processes', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    const created = await createApplication(db.orm.em.fork(), {
      name: 'revocation',
      clientType: 'confidential',
      grantTypes: ['password', 'client_credentials'],
    });
    application = created.application;
    clientSecret = created.clientSecret!;
    staffToken = (await issue(await newUser({ isStaff: true }))).token;

    [a, b] = await Promise.all([startOne(), startOne()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  test('B answers a warm token from memory: a change no notice announced goes unseen', async () => {
    const { token, id } = await issue(await newUser());
    // A mutation's response waits until its server has applied every notice committed so far,
    // so the notice of this token's insertion cannot evict what the next request caches.
    await graphql(b, 'mutation { logout }');
    expect(await secret(b, token)).toBe(SECRET);

    await withoutNotice('update access_tokens set revoked_at = now() where id = $1', [id]);

    expect(await secret(b, token)).toBe(SECRET);
    expect(await secret(a, token)).toBe('UNAUTHENTICATED');
  });

  test('revokeAccessToken through A', async () => {
    const { token, id } = await issue(await newUser());
    expect(await secret(b, token)).toBe(SECRET);

    await mutate('mutation ($id: ID!) { revokeAccessToken(id: $id) { accessToken { id } } }', {
      id,
    });

    await refusedByB(() => secret(b, token));
  });

  test('deactivating the user through A', async () => {
    const user = await newUser();
    const { token } = await issue(user);
    expect(await secret(b, token)).toBe(SECRET);

    await mutate(
      'mutation ($id: ID!) { setUserActive(id: $id, isActive: false) { user { id } } }',
      { id: String(user.id) },
    );

    await refusedByB(() => secret(b, token));
  });

  test('deleting the application through A', async () => {
    const { application: doomed } = await createApplication(db.orm.em.fork(), {
      name: 'doomed',
      clientType: 'confidential',
      grantTypes: ['client_credentials'],
    });
    const { token } = await issue(await newUser(), doomed);
    expect(await secret(b, token)).toBe(SECRET);

    await mutate('mutation ($id: ID!) { deleteApplication(id: $id) { application { id } } }', {
      id: String(doomed.id),
    });

    await refusedByB(() => secret(b, token));
  });

  test('logging out through A', async () => {
    const user = await newUser();
    const login = await graphql(
      a,
      'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }',
      { variables: { u: user.username, p: 'correct horse' } },
    );
    const cookie = login.response.headers.getSetCookie()[0]!.split(';')[0]!;
    const me = async (server: ServerProcess) => {
      const { body } = await graphql(server, '{ me { username } }', { headers: { cookie } });
      return (body.data?.me as { username: string } | null)?.username ?? null;
    };
    expect(await me(b)).toBe(user.username);

    const logout = await graphql(a, 'mutation { logout }', { headers: { cookie } });
    expect(logout.body.data).toEqual({ logout: true });

    await refusedByB(() => me(b), null);
  });

  test('POST /o/revoke_token through A', async () => {
    const { token } = await issue(await newUser());
    expect(await secret(b, token)).toBe(SECRET);

    const response = await fetch(new URL('/o/revoke_token', a.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(
          `${encodeURIComponent(application.clientId)}:${encodeURIComponent(clientSecret)}`,
        ).toString('base64')}`,
      },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
    });
    expect(response.status).toBe(200);

    await refusedByB(() => secret(b, token));
  });

  test('B with its notice connection cut refuses no valid token, accepts no revoked one, and recovers', async () => {
    const valid = await issue(await newUser());
    const doomed = await issue(await newUser());
    expect(await secret(b, valid.token)).toBe(SECRET);
    expect(await secret(b, doomed.token)).toBe(SECRET);

    const pid = b.output
      .map((line) => /"pid":(\d+)/.exec(line)?.[1])
      .find((value) => value !== undefined);
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    const killed = await admin.query(
      `select pg_terminate_backend(pid) as done from pg_stat_activity
        where application_name = $1 and datname = current_database()`,
      [`${LISTENER_APPLICATION_NAME} ${pid}`],
    );
    await admin.end();
    expect(killed.rows).toEqual([{ done: true }]);

    // Revoked while B may be deaf to notices: B must read it from the database.
    await mutate('mutation ($id: ID!) { revokeAccessToken(id: $id) { accessToken { id } } }', {
      id: doomed.id,
    });
    await refusedByB(() => secret(b, doomed.token));
    for (let request = 0; request < 10; request += 1) {
      expect(await secret(b, valid.token)).toBe(SECRET);
      expect(await secret(b, doomed.token)).toBe('UNAUTHENTICATED');
    }

    const listening = () => b.output.filter((line) => line.includes(ACTIVE)).length;
    expect((await eventually(async () => listening() >= 2, true, { withinMs: 10_000 })).value).toBe(
      true,
    );
    expect(await secret(b, valid.token)).toBe(SECRET);
    await mutate('mutation ($id: ID!) { revokeAccessToken(id: $id) { accessToken { id } } }', {
      id: valid.id,
    });
    await refusedByB(() => secret(b, valid.token));
  });
});
