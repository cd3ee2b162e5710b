import { Client, type Notification } from 'pg';
import { AuthCache } from '../../src/auth/AuthCache';
import { AUTH_CHANNEL, AuthNotifications } from '../../src/db/authNotifications';
import { checksum } from '../../src/auth/tokens';
import { User } from '../../src/entities';
import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import { eventually } from '../helpers/eventually';
import { bearer, errorCodes, sql } from '../graphql/support';

/**
 * The change notices on a real PostgreSQL server: what the triggers announce, and how a process's
 * cache follows them, including while its listening connection is cut. PGlite delivers a notice
 * only to the connection that raised it, which is why the server keeps no cache there; these
 * tests need DATABASE_URL (CI sets it).
 */

const onServer = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) {
  console.warn('cacheNotifications.test.ts skipped: LISTEN/NOTIFY needs DATABASE_URL');
}

const LISTENER = 'auth-cache-notifications-test';

onServer('the triggers', () => {
  let t: TestApp;
  let listener: Client;
  const notices: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    listener = new Client({ connectionString: t.db.url });
    await listener.connect();
    listener.on('notification', (message: Notification) => notices.push(message.payload ?? ''));
    await listener.query(`listen ${AUTH_CHANNEL}`);
  });
  afterAll(async () => {
    await listener.end();
    await t.close();
  });

  let markers = 0;
  /** Waits until every notice sent so far has arrived: ours comes back after all of them. */
  async function drain(): Promise<void> {
    markers += 1;
    const marker = `marker:${markers}`;
    await listener.query(`select pg_notify('${AUTH_CHANNEL}', $1)`, [marker]);
    await eventually(async () => notices.includes(marker), true, { withinMs: 5000 });
  }

  /** The notices one change sends, and no others. */
  async function noticesOf(change: () => Promise<unknown>): Promise<string[]> {
    await drain();
    notices.length = 0;
    await change();
    await drain();
    return notices.filter((notice) => !notice.startsWith('marker:'));
  }

  test('announce every token inserted, revoked or deleted by its checksum', async () => {
    const user = await makeUser(t, 'alice');
    const { application } = await makeApplication(t);
    let issued = { token: '', id: '' };

    const inserted = await noticesOf(async () => (issued = await makeToken(t, application, user)));
    const tokenNotice = `token:${checksum(issued.token)}`;
    expect(inserted).toEqual([tokenNotice]);

    const revoke = 'update access_tokens set revoked_at = now() where id = ?';
    expect(await noticesOf(() => sql(t, revoke, [issued.id]))).toEqual([tokenNotice]);
    const remove = 'delete from access_tokens where id = ?';
    expect(await noticesOf(() => sql(t, remove, [issued.id]))).toEqual([tokenNotice]);
  });

  test('announce a user whose cached state changes, and not a password change', async () => {
    const user = await makeUser(t, 'bob');

    const deactivate = 'update users set is_active = false where id = ?';
    expect(await noticesOf(() => sql(t, deactivate, [user.id]))).toEqual([`user:${user.id}`]);
    const password = `update users set password = 'x' where id = ?`;
    expect(await noticesOf(() => sql(t, password, [user.id]))).toEqual([]);
    const remove = 'delete from users where id = ?';
    expect(await noticesOf(() => sql(t, remove, [user.id]))).toEqual([`user:${user.id}`]);
  });

  test('announce an application deleted, with its tokens, and not a renamed one', async () => {
    const user = await makeUser(t, 'carol');
    const { application } = await makeApplication(t);
    const { token } = await makeToken(t, application, user);

    const rename = `update applications set name = 'renamed' where id = ?`;
    expect(await noticesOf(() => sql(t, rename, [application.id]))).toEqual([]);
    const remove = 'delete from applications where id = ?';
    expect((await noticesOf(() => sql(t, remove, [application.id]))).sort()).toEqual(
      [`application:${application.id}`, `token:${checksum(token)}`].sort(),
    );
  });

  test('announce sessions started and ended by their checksum', async () => {
    const user = await makeUser(t, 'dave');
    const key = checksum('a session key');
    const start = `insert into sessions (checksum, user_id, expires_at) values (?, ?, now() + interval '1 hour')`;

    expect(await noticesOf(() => sql(t, start, [key, user.id]))).toEqual([`session:${key}`]);
    const end = 'delete from sessions where checksum = ?';
    expect(await noticesOf(() => sql(t, end, [key]))).toEqual([`session:${key}`]);
  });

  test('say `all` for a statement too large to name its rows, and for a truncate', async () => {
    const user = await makeUser(t, 'erin');
    const { application } = await makeApplication(t);
    const fill = `insert into access_tokens (checksum, user_id, application_id, scope, expires_at)
      select md5(n::text) || md5(n::text), ?, ?, 'read', now() + interval '1 hour'
        from generate_series(1, 101) n`;

    expect(await noticesOf(() => sql(t, fill, [user.id, application.id]))).toEqual(['all']);
    expect(await noticesOf(() => sql(t, 'truncate sessions'))).toEqual(['all']);
  });
});

onServer('a process following the notices', () => {
  let t: TestApp;
  let notifications: AuthNotifications;
  const cache = new AuthCache({ max: 1000, ttlSeconds: 3600, now: () => new Date() });
  let staffToken: string;
  let application: Awaited<ReturnType<typeof makeApplication>>['application'];
  let userId: number;

  beforeAll(async () => {
    t = await createTestApp({ authCache: cache });
    notifications = new AuthNotifications({
      url: t.db.url!,
      cache,
      logger: t.services.logger,
      applicationName: LISTENER,
      // Slow enough to observe the disconnected state, quick enough for a test.
      minBackoffMs: 1500,
      maxBackoffMs: 1500,
    });
    notifications.start();
    await notifications.listeningNow();

    const staff = await makeUser(t, 'staff', { isStaff: true });
    userId = (await makeUser(t, 'frank')).id;
    application = (await makeApplication(t)).application;
    staffToken = (await makeToken(t, application, staff)).token;
  });
  afterAll(() => t.close());

  const secret = async (token: string) => {
    const { body } = await gql(t, '{ secret }', { headers: bearer(token) });
    return body.data?.secret ?? errorCodes(body)[0];
  };
  /** A new token, once the notice of its insertion has reached the cache. */
  const newToken = async () => {
    const em = t.em();
    const issued = await makeToken(t, application, await em.findOneOrFail(User, userId));
    await cache.settle();
    return issued;
  };

  test('serves a known token from memory', async () => {
    const { token } = await newToken();
    const size = cache.size;
    expect(await secret(token)).toBe('Secret contents!');
    expect(cache.size).toBe(size + 1);
    expect(cache.active).toBe(true);
  });

  test('refuses a token on the very next request after revoking it here', async () => {
    const { token, id } = await newToken();
    expect(await secret(token)).toBe('Secret contents!');

    const { body } = await gql(
      t,
      'mutation ($id: ID!) { revokeAccessToken(id: $id) { accessToken { id } } }',
      {
        variables: { id: String(id) },
        headers: bearer(staffToken),
      },
    );
    expect(body.errors).toBeUndefined();

    expect(await secret(token)).toBe('UNAUTHENTICATED');
  });

  test('refuses a token revoked behind its back within a second', async () => {
    const { token, id } = await newToken();
    expect(await secret(token)).toBe('Secret contents!');

    await sql(t, 'update access_tokens set revoked_at = now() where id = ?', [id]);

    const { value, afterMs } = await eventually(() => secret(token), 'UNAUTHENTICATED');
    expect(value).toBe('UNAUTHENTICATED');
    expect(afterMs).toBeLessThan(1000);
  });

  test('with its connection cut it reads every request from the database, then recovers', async () => {
    const valid = await newToken();
    const doomed = await newToken();
    expect(await secret(valid.token)).toBe('Secret contents!');
    expect(await secret(doomed.token)).toBe('Secret contents!');

    const killed = await sql(
      t,
      `select pg_terminate_backend(pid) as done from pg_stat_activity
        where application_name = ? and datname = current_database()`,
      [LISTENER],
    );
    expect(killed).toEqual([{ done: true }]);
    await eventually(async () => cache.active, false);
    expect(cache.size).toBe(0);

    // No notice can arrive now: only reading the database refuses this token.
    await sql(t, 'update access_tokens set revoked_at = now() where id = ?', [doomed.id]);
    expect(await secret(doomed.token)).toBe('UNAUTHENTICATED');
    expect(await secret(valid.token)).toBe('Secret contents!');
    expect(cache.size).toBe(0);

    const { value } = await eventually(async () => cache.active, true, { withinMs: 5000 });
    expect(value).toBe(true);
    expect(await secret(valid.token)).toBe('Secret contents!');
    expect(cache.size).toBe(1);
    await sql(t, 'update access_tokens set revoked_at = now() where id = ?', [valid.id]);
    expect((await eventually(() => secret(valid.token), 'UNAUTHENTICATED')).value).toBe(
      'UNAUTHENTICATED',
    );
  });
});
