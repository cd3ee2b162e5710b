import { AccessToken } from '../../src/entities';
import { createUser } from '../../src/accounts/users';
import { createApplication } from '../../src/oauth2/applications';
import { checksum } from '../../src/auth/tokens';
import { issuetoken } from '../../src/cli/commands/issuetoken';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { testConfig } from '../helpers/app';
import { manage, printed } from './support';

let db: TestDatabase;
let clientId: string;
const now = new Date('2030-06-01T08:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  await createUser(db.orm.em.fork(), { username: 'alice', password: 'wonderland' });
  const { application } = await createApplication(db.orm.em.fork(), {
    name: 'tutorial',
    clientType: 'confidential',
    grantTypes: ['password', 'client_credentials'],
  });
  clientId = application.clientId;
});
afterAll(() => db.close());

const storedToken = (token: string) =>
  db.orm.em.fork().findOne(AccessToken, { checksum: checksum(token) }, { populate: ['user'] });

test('prints a token for the user that only its checksum stores', async () => {
  const run = await manage(
    db,
    ['issuetoken', '--username', 'alice', '--client-id', clientId, '--scope', 'read write'],
    { now, env: { ACCESS_TOKEN_EXPIRE_SECONDS: '600' } },
  );

  expect(run).toMatchObject({ status: 0, stderr: '' });
  const token = printed(run.stdout, 'token');
  const row = await storedToken(token);
  expect(row).toMatchObject({ scope: 'read write', revokedAt: null });
  expect(row?.user?.username).toBe('alice');
  expect(row?.expiresAt).toEqual(new Date(now.getTime() + 600_000));
});

test('without --username the token belongs to the client alone', async () => {
  const run = await manage(db, ['issuetoken', '--client-id', clientId, '--expires-in', '60'], {
    now,
  });

  expect(run.status).toBe(0);
  const row = await storedToken(printed(run.stdout, 'token'));
  expect(row).toMatchObject({ user: null, scope: 'read' });
  expect(row?.expiresAt).toEqual(new Date(now.getTime() + 60_000));
});

test('a chosen --token value is accepted in development mode', async () => {
  const run = await manage(
    db,
    ['issuetoken', '--username', 'alice', '--client-id', clientId, '--token', '123456'],
    { env: { NODE_ENV: 'development' } },
  );

  expect(run.status).toBe(0);
  expect(printed(run.stdout, 'token')).toBe('123456');
  expect(await storedToken('123456')).not.toBeNull();
});

test('a chosen --token value is refused with FORBIDDEN when NODE_ENV=production', async () => {
  const run = await manage(
    db,
    ['issuetoken', '--username', 'alice', '--client-id', clientId, '--token', '654321'],
    { env: { NODE_ENV: 'production' } },
  );

  expect(run).toMatchObject({ status: 1, stdout: '', closed: 1 });
  expect(run.stderr).toMatch(/^manage issuetoken: FORBIDDEN: /);
  expect(await storedToken('654321')).toBeNull();
});

test('the command function can be called directly with its context', async () => {
  const lines: string[] = [];
  const config = testConfig({ NODE_ENV: 'production' });

  const direct = issuetoken.run({
    orm: db.orm,
    config,
    args: { username: 'alice', clientId, token: 'chosen' },
    out: (line) => lines.push(line),
    now,
  });

  await expect(direct).rejects.toMatchObject({ code: 'FORBIDDEN' });
  expect(lines).toEqual([]);
});

test.each([
  ['an unknown client', ['--client-id', 'nope'], 1, 'NOT_FOUND'],
  ['an unknown user', ['--username', 'nobody'], 1, 'NOT_FOUND'],
  ['an unknown scope', ['--scope', 'admin'], 1, 'BAD_USER_INPUT'],
  ['a lifetime that is not a number', ['--expires-in', '10m'], 2, undefined],
  ['a missing client id', ['--client-id', ''], 2, undefined],
])('%s fails with exit %d', async (_case, options, status, code) => {
  const before = await db.orm.em.fork().count(AccessToken);

  const run = await manage(db, ['issuetoken', '--client-id', clientId, ...options]);

  expect(run).toMatchObject({ status, stdout: '' });
  if (code) expect(run.stderr).toContain(`: ${code}: `);
  expect(await db.orm.em.fork().count(AccessToken)).toBe(before);
});
