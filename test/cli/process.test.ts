import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { connect } from '../../src/db/orm';
import { buildApp } from '../../src/http/app';
import { TEST_SECRET_KEY } from '../helpers/app';
import { printed } from './support';

/**
 * `manage` as a user runs it: `npx tsx src/cli/manage.ts` in a child process, on a fresh
 * embedded database in its own DATA_DIR, or on a fresh database of the PostgreSQL server when
 * the test run has DATABASE_URL.
 */

const root = path.resolve(__dirname, '../..');
let dataDir: string;
let serverDatabase: { url: string; drop(): Promise<void> } | undefined;

async function createEmptyServerDatabase(serverUrl: string) {
  const name = `oauth_cli_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'manage-cli-'));
  if (process.env.DATABASE_URL) {
    serverDatabase = await createEmptyServerDatabase(process.env.DATABASE_URL);
  }
});
afterAll(async () => {
  await serverDatabase?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...(serverDatabase ? { DATABASE_URL: serverDatabase.url } : {}),
  };
}

function cli(
  args: string[],
  stdin = '',
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/manage.ts', ...args], { cwd: root, env: env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

test('the walk: migrate, createsuperuser, createapplication, issuetoken, then the token works', async () => {
  const early = await cli(['createsuperuser', '--username', 'alice', '--password', 'wonderland']);
  expect(early.status).toBe(1);
  expect(early.stderr).toMatch(/^manage createsuperuser: .*migrate/);

  const migrated = await cli(['migrate']);
  expect(migrated).toMatchObject({ status: 0, stderr: '' });
  expect(migrated.stdout).toMatch(/^Applied Migration\d+_initial$/m);

  const superuser = await cli(
    ['createsuperuser', '--username', 'alice', '--password-stdin'],
    'wonderland\n',
  );
  expect(superuser).toMatchObject({ status: 0, stderr: '' });
  expect(superuser.stdout).not.toContain('wonderland');

  const registered = await cli([
    'createapplication',
    '--name',
    'tutorial',
    '--client-type',
    'confidential',
    '--grant-type',
    'password',
  ]);
  expect(registered).toMatchObject({ status: 0, stderr: '' });
  const clientId = printed(registered.stdout, 'client id');
  expect(printed(registered.stdout, 'client secret')).toMatch(/^[\w-]{40,}$/);

  const issued = await cli([
    'issuetoken',
    '--username',
    'alice',
    '--client-id',
    clientId,
    '--scope',
    'read write',
    '--token',
    '123456',
  ]);
  expect(issued).toMatchObject({ status: 0, stderr: '' });
  expect(printed(issued.stdout, 'token')).toBe('123456');

  const usage = await cli(['createapplication', '--name', 'x', '--client-type', 'secret']);
  expect(usage).toMatchObject({ status: 2, stdout: '' });
  expect(usage.stderr.trim().split('\n')).toHaveLength(1);

  // Every command closed the embedded database, releasing its lock for the next process.
  expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);

  const config = loadConfig({ ...env(), NODE_ENV: 'test', SECRET_KEY: TEST_SECRET_KEY });
  const db = await connect(config, { shared: false });
  const { app } = await buildApp({ config, orm: db.orm });
  try {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: 'Bearer 123456' },
      payload: { query: '{ secret }' },
    });
    expect(response.json()).toEqual({ data: { secret: 'Secret contents!' } });
  } finally {
    await app.close();
    await db.close();
  }
}, 300_000);
