import { User } from '../../src/entities';
import { checkCredentials } from '../../src/accounts/users';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { manage } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const findUser = (username: string) => db.orm.em.fork().findOne(User, { username });

test('createsuperuser creates an active staff superuser who can log in', async () => {
  const run = await manage(db, [
    'createsuperuser',
    '--username',
    'alice',
    '--password',
    'wonder1and',
  ]);

  expect(run).toMatchObject({ status: 0, stderr: '', opened: 1, closed: 1 });
  expect(run.stdout).toContain('"alice"');
  expect(run.stdout).not.toContain('wonder1and');
  expect(await findUser('alice')).toMatchObject({
    isActive: true,
    isStaff: true,
    isSuperuser: true,
  });
  expect(await checkCredentials(db.orm.em.fork(), 'alice', 'wonder1and')).not.toBeNull();
});

test('createuser makes a plain user unless --staff or --superuser is given', async () => {
  const plain = await manage(db, ['createuser', '--username', 'bob', '--password', 'builder99']);
  const staff = await manage(db, [
    'createuser',
    '--username=carol',
    '--password=builder99',
    '--staff',
  ]);

  expect([plain.status, staff.status]).toEqual([0, 0]);
  expect(await findUser('bob')).toMatchObject({ isStaff: false, isSuperuser: false });
  expect(await findUser('carol')).toMatchObject({ isStaff: true, isSuperuser: false });
});

test('the password may come from MANAGE_PASSWORD or standard input', async () => {
  const fromEnv = await manage(db, ['createuser', '--username', 'dave'], {
    env: { MANAGE_PASSWORD: 'from the env' },
  });
  const fromStdin = await manage(db, ['createuser', '--username', 'erin', '--password-stdin'], {
    stdin: 'from stdin 1\n',
  });

  expect([fromEnv.status, fromStdin.status]).toEqual([0, 0]);
  expect(await checkCredentials(db.orm.em.fork(), 'dave', 'from the env')).not.toBeNull();
  // Exactly one trailing newline is dropped, as `echo secret |` adds one.
  expect(await checkCredentials(db.orm.em.fork(), 'erin', 'from stdin 1')).not.toBeNull();
});

test('a missing or doubly given password is a usage error, before the database opens', async () => {
  const missing = await manage(db, ['createuser', '--username', 'frank']);
  const both = await manage(db, [
    'createuser',
    '--username',
    'frank',
    '--password',
    'secret-pw',
    '--password-stdin',
  ]);

  for (const run of [missing, both]) {
    expect(run).toMatchObject({ status: 2, stdout: '', opened: 0 });
    expect(run.stderr.split('\n')).toHaveLength(1);
  }
  expect(both.stderr).not.toContain('secret-pw');
  expect(await findUser('frank')).toBeNull();
});

test('a taken username fails with CONFLICT and exit status 1, without a stack trace', async () => {
  await manage(db, ['createuser', '--username', 'grace', '--password', 'first-pw-1']);
  const run = await manage(db, ['createuser', '--username', 'grace', '--password', 'second-pw']);

  expect(run).toMatchObject({ status: 1, stdout: '', closed: 1 });
  expect(run.stderr).toMatch(/^manage createuser: CONFLICT: /);
  expect(run.stderr.split('\n')).toHaveLength(1);
  expect(run.stderr).not.toContain('second-pw');
});

test('a password the service refuses fails with BAD_USER_INPUT and never echoes it', async () => {
  const run = await manage(db, ['createuser', '--username', 'heidi', '--password', 'tiny7']);

  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^manage createuser: BAD_USER_INPUT: /);
  expect(run.stderr).not.toContain('tiny7');
  expect(await findUser('heidi')).toBeNull();
});

test('a stray argument is refused without being echoed', async () => {
  const run = await manage(db, [
    'createuser',
    '--username',
    'ivan',
    '--password',
    'half of',
    'a-password',
  ]);

  expect(run.status).toBe(2);
  expect(run.stderr).not.toContain('a-password');
  expect(await findUser('ivan')).toBeNull();
});
