import { Application } from '../../src/entities';
import { createUser } from '../../src/accounts/users';
import { verifyPassword } from '../../src/auth/password';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { manage, printed } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await createUser(db.orm.em.fork(), { username: 'owner', password: 'correct horse' });
});
afterAll(() => db.close());

const findApplication = (clientId: string) =>
  db.orm.em
    .fork()
    .findOneOrFail(Application, { clientId }, { populate: ['clientSecretHash', 'user'] });

test('a confidential client gets a client id and a secret shown once, stored as a hash', async () => {
  const run = await manage(db, [
    'createapplication',
    '--name',
    'tutorial',
    '--client-type',
    'confidential',
    '--grant-type',
    'password,client_credentials',
    '--grant-type',
    'refresh_token',
    '--skip-authorization',
    '--owner',
    'owner',
  ]);

  expect(run).toMatchObject({ status: 0, stderr: '' });
  expect(run.stdout).toMatch(/shown only this once/);
  const application = await findApplication(printed(run.stdout, 'client id'));
  const secret = printed(run.stdout, 'client secret');
  expect(application).toMatchObject({
    name: 'tutorial',
    clientType: 'confidential',
    grantTypes: ['password', 'client_credentials', 'refresh_token'],
    skipAuthorization: true,
  });
  expect(application.user?.username).toBe('owner');
  expect(application.clientSecretHash).not.toContain(secret);
  expect(await verifyPassword(secret, application.clientSecretHash)).toBe(true);
});

test('a public client has no secret, and redirect URIs keep their commas', async () => {
  const run = await manage(db, [
    'createapplication',
    '--name=spa',
    '--client-type=public',
    '--grant-type=authorization_code',
    '--redirect-uri=https://spa.example/cb?a=1,2',
    '--redirect-uri=https://spa.example/other',
  ]);

  expect(run.status).toBe(0);
  expect(run.stdout).not.toMatch(/client secret/);
  const application = await findApplication(printed(run.stdout, 'client id'));
  expect(application.redirectUris).toEqual([
    'https://spa.example/cb?a=1,2',
    'https://spa.example/other',
  ]);
  expect(application.user).toBeNull();
});

test.each([
  ['a bad client type', ['--client-type', 'secret', '--grant-type', 'password']],
  ['an unknown grant type', ['--client-type', 'public', '--grant-type', 'implicit']],
  ['no grant type', ['--client-type', 'public']],
  ['no client type', ['--grant-type', 'password']],
  ['a misspelt option', ['--client-type', 'public', '--grant-types', 'password']],
  ['an option without its value', ['--client-type', 'public', '--grant-type']],
])('%s is a usage error (exit 2) and registers nothing', async (_case, options) => {
  const before = await db.orm.em.fork().count(Application);

  const run = await manage(db, ['createapplication', '--name', 'bad', ...options]);

  expect(run).toMatchObject({ status: 2, stdout: '', opened: 0 });
  expect(run.stderr).toMatch(/^manage createapplication: .*--help/);
  expect(run.stderr.split('\n')).toHaveLength(1);
  expect(await db.orm.em.fork().count(Application)).toBe(before);
});

test('what the service refuses fails with its code and exit 1', async () => {
  const publicClientCredentials = await manage(db, [
    'createapplication',
    '--name=bad',
    '--client-type=public',
    '--grant-type=client_credentials',
  ]);
  const unknownOwner = await manage(db, [
    'createapplication',
    '--name=bad',
    '--client-type=public',
    '--grant-type=password',
    '--owner=nobody',
  ]);

  expect(publicClientCredentials.status).toBe(1);
  expect(publicClientCredentials.stderr).toMatch(/: BAD_USER_INPUT: /);
  expect(unknownOwner.status).toBe(1);
  expect(unknownOwner.stderr).toMatch(/: NOT_FOUND: /);
  expect(unknownOwner.closed).toBe(1);
});
