import type { MikroORM } from '@mikro-orm/postgresql';
import { databaseReadiness } from '../../src/http/health';
import { createTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

test('/healthz answers while the process is up', async () => {
  const response = await get('/healthz');
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: 'ok' });
});

test('/readyz is ready with the database reachable and every migration applied', async () => {
  const response = await get('/readyz');
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: 'ok' });
  expect(response.headers['cache-control']).toBe('no-store');
});

test('/readyz turns unready while the database is unreachable, and ready again after', async () => {
  // The ORM's pool is closed as when the database went away; the app's own check notices.
  await t.db.orm.close();
  try {
    const down = await get('/readyz');
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', reason: 'database_unreachable' });

    // Liveness is about the process, not its dependencies: no restart loop while the DB is away.
    expect((await get('/healthz')).statusCode).toBe(200);
  } finally {
    await t.db.orm.connect();
  }

  const up = await get('/readyz');
  expect(up.statusCode).toBe(200);
});

test('/readyz is unready while a migration is pending', async () => {
  const connection = t.em().getConnection();
  const [last] = await connection.execute<{ id: number; name: string; executed_at: Date }[]>(
    'select id, name, executed_at from mikro_orm_migrations order by id desc limit 1',
  );
  if (!last) throw new Error('the test database has no applied migration');
  await connection.execute('delete from mikro_orm_migrations where id = ?', [last.id]);
  try {
    const pending = await get('/readyz');
    expect(pending.statusCode).toBe(503);
    expect(pending.json()).toEqual({ status: 'unavailable', reason: 'migrations_pending' });
  } finally {
    await connection.execute(
      'insert into mikro_orm_migrations (id, name, executed_at) values (?, ?, ?)',
      [last.id, last.name, last.executed_at],
    );
  }

  expect((await get('/readyz')).statusCode).toBe(200);
});

test('a database that does not answer within the timeout is unreachable', async () => {
  const hanging = {
    em: { getConnection: () => ({ execute: () => new Promise(() => undefined) }) },
  } as unknown as MikroORM;

  const started = Date.now();
  const result = await databaseReadiness(hanging, { timeoutMs: 50 })();

  expect(result).toEqual({
    ready: false,
    reason: 'database_unreachable',
    detail: expect.stringContaining('50 ms'),
  });
  expect(Date.now() - started).toBeLessThan(5000);
});
