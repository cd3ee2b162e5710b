import { AccessToken, Application, Session, User } from '../../src/entities';
import { createUser } from '../../src/accounts/users';
import { createApplication } from '../../src/oauth2/applications';
import { checksum, generateToken } from '../../src/auth/tokens';
import { runManage } from '../../src/cli/run';
import { commands } from '../../src/cli/commands';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { manage } from './support';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

test('--help lists every command, and each command has its own --help', async () => {
  const general = await manage(db, ['--help']);
  expect(general).toMatchObject({ status: 0, opened: 0 });
  for (const command of commands) expect(general.stdout).toContain(`  ${command.name} `);

  for (const command of commands) {
    const help = await manage(db, [command.name, '--help']);
    expect(help).toMatchObject({ status: 0, stderr: '', opened: 0 });
    expect(help.stdout).toMatch(new RegExp(`^Usage: npm run manage -- ${command.name}`));
  }
  expect((await manage(db, ['createuser', '-h'])).stdout).toContain('MANAGE_PASSWORD');
});

test('an unknown or missing command is a one-line usage error with exit 2', async () => {
  for (const argv of [['frobnicate'], [], ['--username']]) {
    const run = await manage(db, argv);
    expect(run).toMatchObject({ status: 2, stdout: '', opened: 0 });
    expect(run.stderr.split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--help');
  }
});

test('unknown options and options missing their value are usage errors', async () => {
  const unknown = await manage(db, ['migrate', '--fake']);
  const noValue = await manage(db, ['cleartokens', '--batch-size']);
  const badValue = await manage(db, ['cleartokens', '--batch-size', '0']);

  for (const run of [unknown, noValue, badValue]) {
    expect(run).toMatchObject({ status: 2, opened: 0 });
    expect(run.stderr.split('\n')).toHaveLength(1);
  }
  expect(unknown.stderr).toContain("'--fake'");
});

test('an invalid configuration prints its message and exits 1 without opening the database', async () => {
  const run = await manage(db, ['migrate'], { env: { NODE_ENV: 'production', SECRET_KEY: '' } });

  expect(run).toMatchObject({ status: 1, stdout: '', opened: 0 });
  expect(run.stderr).toMatch(/^Invalid configuration:\n\s+SECRET_KEY: /);
});

test('migrate reports that a current schema has nothing to apply', async () => {
  const run = await manage(db, ['migrate']);

  expect(run).toMatchObject({ status: 0, stdout: 'No migrations to apply.', closed: 1 });
});

test('a database that cannot be opened is a one-line failure', async () => {
  const lines: string[] = [];
  const status = await runManage(['migrate'], {
    env: { NODE_ENV: 'test' },
    stdout: (line) => lines.push(line),
    stderr: (line) => lines.push(line),
    readStdin: async () => '',
    now: () => new Date(),
    connect: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
  });

  expect(status).toBe(1);
  expect(lines).toEqual([
    'manage migrate: cannot open the database: connect ECONNREFUSED 127.0.0.1:5432',
  ]);
});

test('cleartokens deletes in batches, prints each batch and a total, keeps active rows', async () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const user = await createUser(db.orm.em.fork(), { username: 'zoe', password: 'correct horse' });
  const { application } = await createApplication(db.orm.em.fork(), {
    name: 'cleanup',
    clientType: 'public',
    grantTypes: ['password'],
  });
  const em = db.orm.em.fork();
  const token = (expiresAt: Date) =>
    em.create(AccessToken, {
      checksum: checksum(generateToken()),
      user: em.getReference(User, user.id),
      application: em.getReference(Application, application.id),
      scope: 'read',
      expiresAt,
      createdAt: now,
    });
  for (let i = 0; i < 3; i += 1) token(new Date(now.getTime() - 1000));
  const active = token(new Date(now.getTime() + 1000));
  em.create(Session, {
    checksum: checksum(generateToken()),
    user: em.getReference(User, user.id),
    expiresAt: now,
    createdAt: now,
  });
  await em.flush();

  const run = await manage(db, ['cleartokens', '--batch-size', '2'], { now });

  expect(run.status).toBe(0);
  expect(run.stdout.split('\n')).toEqual([
    'access tokens: batch 1 deleted 2 (2 so far)',
    'access tokens: batch 2 deleted 1 (3 so far)',
    'sessions: batch 1 deleted 1 (1 so far)',
    'Deleted 4 rows: 3 access tokens, 0 refresh tokens, 0 authorization codes, 1 sessions.',
  ]);
  const left = await db.orm.em.fork().find(AccessToken, {});
  expect(left.map((row) => row.id)).toEqual([active.id]);
});
