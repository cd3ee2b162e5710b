import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { manage, serverEnv, startServer, type ServerProcess } from '../helpers/server';

/**
 * The README's walk, end to end: the server runs as a child process exactly as `npm start` runs
 * it, the manage commands run as separate processes beside it, and requests go over real HTTP.
 */

let db: TestDatabase | undefined;
let server: ServerProcess;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  // On PostgreSQL the server gets a fresh database of its own; on the embedded default it opens
  // a PGlite data folder, which the manage commands then reach through the server's socket.
  if (process.env.DATABASE_URL) db = await createTestDatabase();
  const prepared = await serverEnv(db?.url);
  cleanup = prepared.cleanup;
  server = await startServer(prepared.env);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
  await cleanup?.();
});

const secretUrl = () => `${server.url}?query=${encodeURIComponent('{secret}')}`;

async function run(args: string[]) {
  const result = await manage(args, server.env);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return result.stdout;
}

test('the tutorial walk answers the secret to a Bearer token, and refuses bad tokens', async () => {
  await run(['createsuperuser', '--username', 'alice', '--password', 'wonderland']);
  const created = await run([
    'createapplication',
    '--name',
    'tutorial',
    '--client-type',
    'confidential',
    '--grant-type',
    'password',
  ]);
  const clientId = /client id:\s*(\S+)/i.exec(created)?.[1];
  expect(clientId).toBeDefined();

  const issued = await run([
    'issuetoken',
    '--username',
    'alice',
    '--client-id',
    clientId!,
    '--scope',
    'read write',
    '--token',
    '123456',
  ]);
  expect(issued).toContain('123456');

  const ok = await fetch(secretUrl(), { headers: { Authorization: 'Bearer 123456' } });
  expect(ok.status).toBe(200);
  expect(await ok.text()).toBe('{"data":{"secret":"Secret contents!"}}\n');
  expect(ok.headers.get('vary')).toMatch(/Authorization.*Cookie/);

  const unknown = await fetch(secretUrl(), { headers: { Authorization: 'Bearer 654321' } });
  const body = (await unknown.json()) as { errors: { extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  expect(unknown.headers.get('www-authenticate')).toBe('Bearer realm="api", error="invalid_token"');

  const expired = await run([
    'issuetoken',
    '--username',
    'alice',
    '--client-id',
    clientId!,
    '--token',
    'soon-expired',
    '--expires-in',
    '1',
  ]);
  expect(expired).toContain('soon-expired');
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const late = await fetch(secretUrl(), { headers: { Authorization: 'Bearer soon-expired' } });
  expect(late.headers.get('www-authenticate')).toBe('Bearer realm="api", error="invalid_token"');
});

test('anonymous requests get UNAUTHENTICATED with the plain challenge; a bare GET is refused', async () => {
  const post = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ secret }' }),
  });
  const body = (await post.json()) as { errors: { extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  expect(post.headers.get('www-authenticate')).toBe('Bearer realm="api"');

  const preflighted = await fetch(secretUrl(), { headers: { 'apollo-require-preflight': '1' } });
  expect(preflighted.headers.get('www-authenticate')).toBe('Bearer realm="api"');

  const bare = await fetch(secretUrl());
  expect(bare.status).toBe(400);
});

test('SIGTERM stops the server cleanly', async () => {
  expect(await server.stop()).toBe(0);
  expect(server.output.join('\n')).not.toContain('123456');
});
