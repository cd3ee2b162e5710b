import http from 'node:http';
import net from 'node:net';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { connect } from '../../src/db/orm';
import { createUser } from '../../src/accounts/users';
import { createApplication } from '../../src/oauth2/applications';
import { issueAccessToken } from '../../src/oauth2/accessTokens';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { serverEnv, startServer, type ServerProcess } from '../helpers/server';

/**
 * SIGTERM as an orchestrator sends it: the server stops accepting, lets the requests in flight
 * finish, closes the database and exits 0, or exits 1 once the grace period is over.
 *
 * A request stays in flight in two real ways here: a client uploading its body slowly (works on
 * either database), and, on PostgreSQL only, a query waiting for a lock the test holds. The
 * embedded database runs one statement at a time for all its connections, so a lock held from
 * a second connection cannot make one request wait while others proceed.
 */

jest.setTimeout(120_000);

const QUERY = JSON.stringify({ query: '{ secret }' });

interface Started {
  server: ServerProcess;
  token: string;
  cleanup: () => Promise<void>;
}

/** Starts `src/main.ts` with `extraEnv`, and gives alice a token through the store it uses. */
async function start(db: TestDatabase | undefined, extraEnv: Record<string, string> = {}) {
  const prepared = await serverEnv(db?.url);
  const server = await startServer({ ...prepared.env, ...extraEnv });

  // The CLI's way in: a shared connection to the running server's store.
  const store = await connect(loadConfig(server.env), { shared: true });
  let token: string;
  try {
    const em = store.orm.em.fork();
    const user = await createUser(em, { username: 'alice', password: 'wonderland' });
    const { application } = await createApplication(em, {
      name: 'shutdown',
      clientType: 'confidential',
      grantTypes: ['password'],
    });
    const issued = await issueAccessToken(em, loadConfig(server.env), new Date(), {
      application,
      user,
      scopes: ['read'],
    });
    token = issued.token;
  } finally {
    await store.close();
  }
  return { server, token, cleanup: prepared.cleanup } satisfies Started;
}

/**
 * Sends `{ secret }` with `Expect: 100-continue` and holds the body back. The server's
 * `100 Continue` proves it has taken the request in; `finish()` then sends the body.
 */
async function heldRequest(url: string, token: string) {
  const request = http.request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(QUERY),
      expect: '100-continue',
    },
  });
  const response = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    request.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
    });
    request.on('error', reject);
  });
  response.catch(() => undefined);

  request.flushHeaders();
  await new Promise<void>((resolve) => request.once('continue', resolve));
  return { response, finish: () => request.end(QUERY) };
}

/** Sends a whole `{ secret }` request; it may wait on the database. */
function secretRequest(url: string, token: string) {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: QUERY,
  }).then(async (response) => ({ status: response.status, body: await response.json() }));
}

/** Resolves once the port refuses new connections: the server has stopped accepting. */
async function refusesConnections(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port), hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the server kept accepting connections after SIGTERM');
}

let db: TestDatabase | undefined;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  // On PostgreSQL each server gets a fresh database; on the embedded default its own data folder.
  if (process.env.DATABASE_URL) db = await createTestDatabase();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await db?.close();
  db = undefined;
});

test('SIGTERM during a request lets it finish with 200, then the process exits 0', async () => {
  const { server, token, cleanup } = await start(db);
  cleanups.push(async () => void (await server.stop()), cleanup);

  const held = await heldRequest(server.url, token);
  const exited = server.stop();
  await refusesConnections(server.url);
  held.finish();

  expect(await held.response).toEqual({
    status: 200,
    body: { data: { secret: 'Secret contents!' } },
  });
  expect(await exited).toBe(0);
  expect(server.output.join('\n')).toContain('shutting down');
});

test('a request still running after SHUTDOWN_GRACE_SECONDS makes the process exit 1', async () => {
  const { server, token, cleanup } = await start(db, { SHUTDOWN_GRACE_SECONDS: '1' });
  cleanups.push(async () => void (await server.stop()), cleanup);

  const held = await heldRequest(server.url, token);
  const started = Date.now();

  expect(await server.stop()).toBe(1);
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(server.output.join('\n')).toContain('requests still running after the grace period');
  await expect(held.response).rejects.toThrow();
});

const onPostgres = process.env.DATABASE_URL ? test : test.skip;

onPostgres('SIGTERM while a query waits for a lock: it finishes once the lock goes', async () => {
  const { server, token, cleanup } = await start(db);
  cleanups.push(async () => void (await server.stop()), cleanup);

  const locker = new Client({ connectionString: db!.url });
  await locker.connect();
  cleanups.push(() => locker.end());
  await locker.query('begin');
  await locker.query('lock table access_tokens in access exclusive mode');

  const response = secretRequest(server.url, token);
  // Wait until the server's token lookup is queued behind the lock.
  for (let waiting = 0; waiting === 0;) {
    const { rows } = await locker.query<{ n: number }>(
      'select count(*)::int as n from pg_locks where not granted',
    );
    waiting = rows[0]!.n;
  }

  const exited = server.stop();
  await refusesConnections(server.url);
  await locker.query('commit');

  expect(await response).toEqual({
    status: 200,
    body: { data: { secret: 'Secret contents!' } },
  });
  expect(await exited).toBe(0);
});
