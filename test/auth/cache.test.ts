import { AuthCache, type CachedRecord } from '../../src/auth/AuthCache';
import { parseNotice } from '../../src/db/authNotifications';
import { startSession } from '../../src/auth/sessions';
import { User } from '../../src/entities';
import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import { bearer, errorCodes, sql, testClock } from '../graphql/support';

/**
 * The authentication cache on its own, with a clock the test moves, and then behind the real
 * backends: whatever it holds, expiry is decided by the clock on every request.
 */

interface Row extends CachedRecord {
  name: string;
}

const row = (name: string, userId: number | null = 1, applicationId: number | null = 1): Row => ({
  name,
  userId,
  applicationId,
});

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

function counting<T>(value: T) {
  const load = jest.fn(async () => value);
  return load;
}

function activeCache(clock = testClock(), options: { max?: number } = {}) {
  const cache = new AuthCache({ max: options.max ?? 100, ttlSeconds: 60, now: clock.now });
  cache.activate();
  return cache;
}

describe('AuthCache', () => {
  test('while inactive it reads every time and keeps nothing', async () => {
    const cache = new AuthCache({ max: 100, ttlSeconds: 60, now: () => new Date() });
    const load = counting(row('alice'));

    await cache.lookup('token', A, load);
    await cache.lookup('token', A, load);

    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(0);
  });

  test('answers a known checksum from memory until the TTL has passed', async () => {
    const clock = testClock();
    const cache = activeCache(clock);
    const load = counting(row('alice'));

    expect(await cache.lookup('token', A, load)).toEqual(row('alice'));
    clock.advance(59);
    expect(await cache.lookup('token', A, load)).toEqual(row('alice'));
    expect(load).toHaveBeenCalledTimes(1);

    clock.advance(2);
    await cache.lookup('token', A, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  test('keeps tokens and sessions apart although both are keyed by a checksum', async () => {
    const cache = activeCache();
    await cache.lookup('token', A, counting(row('token')));

    expect(await cache.lookup('session', A, counting(row('session')))).toEqual(row('session'));
  });

  test('remembers an unknown checksum for five seconds', async () => {
    const clock = testClock();
    const cache = activeCache(clock);
    const load = counting<Row | null>(null);

    await cache.lookup('token', A, load);
    clock.advance(4);
    expect(await cache.lookup('token', A, load)).toBeNull();
    expect(load).toHaveBeenCalledTimes(1);

    clock.advance(2);
    await cache.lookup('token', A, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  test('forgets an unknown checksum as soon as a row with it is announced', async () => {
    const cache = activeCache();
    await cache.lookup('token', A, counting<Row | null>(null));

    cache.invalidate({ kind: 'token', checksums: [A] });

    expect(await cache.lookup('token', A, counting(row('new')))).toEqual(row('new'));
  });

  test('a change to a user or an application evicts their records and no other', async () => {
    const cache = activeCache();
    await cache.lookup('token', A, counting(row('alice', 1, 10)));
    await cache.lookup('session', B, counting(row('alice', 1, null)));
    await cache.lookup('token', C, counting(row('bob', 2, 20)));

    cache.invalidate({ kind: 'user', id: 1 });
    const reload = counting(row('again'));
    await cache.lookup('token', A, reload);
    await cache.lookup('session', B, reload);
    await cache.lookup('token', C, reload);
    expect(reload).toHaveBeenCalledTimes(2);

    cache.invalidate({ kind: 'application', id: 20 });
    const third = counting(row('third'));
    await cache.lookup('token', C, third);
    await cache.lookup('token', A, third);
    expect(third).toHaveBeenCalledTimes(1);
  });

  test('`all` and deactivation empty it; while inactive nothing is served from memory', async () => {
    const cache = activeCache();
    await cache.lookup('token', A, counting(row('alice')));
    cache.invalidate({ kind: 'all' });
    expect(cache.size).toBe(0);

    await cache.lookup('token', A, counting(row('alice')));
    cache.deactivate();
    expect(cache.active).toBe(false);
    expect(cache.size).toBe(0);
    const load = counting(row('fresh'));
    expect(await cache.lookup('token', A, load)).toEqual(row('fresh'));
    expect(cache.size).toBe(0);
  });

  test('concurrent lookups of one checksum share one read', async () => {
    const cache = activeCache();
    const load = counting(row('alice'));

    await Promise.all([1, 2, 3].map(() => cache.lookup('token', A, load)));

    expect(load).toHaveBeenCalledTimes(1);
  });

  test.each([
    ['its checksum', { kind: 'token' as const, checksums: [A] }],
    ['its user', { kind: 'user' as const, id: 1 }],
    ['everything', { kind: 'all' as const }],
  ])('a read that began before a change to %s is not kept', async (_name, change) => {
    const cache = activeCache();
    let finish: (value: Row) => void = () => undefined;
    const slow = () => new Promise<Row>((resolve) => (finish = resolve));

    const pending = cache.lookup('token', A, slow);
    cache.invalidate(change);
    // A request arriving after the change must not join the read that may have seen the old row.
    const after = counting(row('after'));
    expect(await cache.lookup('token', A, after)).toEqual(row('after'));
    finish(row('before'));
    await pending;

    const later = counting(row('later'));
    await cache.lookup('token', A, later);
    expect(later).toHaveBeenCalledTimes(0);
    expect(await cache.lookup('token', A, later)).toEqual(row('after'));
  });

  test('holds at most `max` records, dropping the least recently used', async () => {
    const cache = activeCache(testClock(), { max: 2 });
    await cache.lookup('token', A, counting(row('a')));
    await cache.lookup('token', B, counting(row('b')));
    await cache.lookup('token', A, counting(row('a')));
    await cache.lookup('token', C, counting(row('c')));

    const load = counting(row('again'));
    await cache.lookup('token', A, load);
    expect(load).not.toHaveBeenCalled();
    await cache.lookup('token', B, load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  test('a cached record cannot be changed by the request that reads it', async () => {
    const cache = activeCache();
    const record = await cache.lookup('token', A, counting({ ...row('alice'), scopes: ['read'] }));

    expect(() => record!.scopes.push('write')).toThrow(TypeError);
    expect(Object.isFrozen(record)).toBe(true);
  });
});

describe('change notices', () => {
  test('name checksums, a user, an application or everything', () => {
    expect(parseNotice(`token:${A},${B}`)).toEqual({ kind: 'token', checksums: [A, B] });
    expect(parseNotice(`session:${C}`)).toEqual({ kind: 'session', checksums: [C] });
    expect(parseNotice('user:42')).toEqual({ kind: 'user', id: 42 });
    expect(parseNotice('application:7')).toEqual({ kind: 'application', id: 7 });
    expect(parseNotice('all')).toEqual({ kind: 'all' });
  });

  test.each(['', 'token:', 'token:xyz', 'user:abc', 'group:1', `token:${A},`])(
    'anything else (%j) is not understood, so the listener clears the whole cache',
    (payload) => {
      expect(parseNotice(payload)).toBeUndefined();
    },
  );
});

describe('behind the backends, expiry is honoured to the second', () => {
  const clock = testClock();
  const cache = new AuthCache({ max: 100, ttlSeconds: 3600, now: clock.now });
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: clock.now, authCache: cache });
    // No change notices reach this cache: rows changed behind its back show what it serves.
    cache.activate();
  });
  afterAll(() => t.close());

  const secret = async (headers: Record<string, string>) => {
    const { body } = await gql(t, '{ secret }', { headers });
    return body.data?.secret ?? errorCodes(body)[0];
  };

  test('a cached token stops working the second it expires', async () => {
    const user = await makeUser(t, 'alice');
    const { application } = await makeApplication(t);
    const { token, id } = await makeToken(t, application, user, {
      expiresIn: 30,
      now: clock.now(),
    });

    expect(await secret(bearer(token))).toBe('Secret contents!');
    // Deleting the row unannounced proves the next answers come from memory.
    await sql(t, 'delete from access_tokens where id = ?', [id]);
    clock.advance(29.999);
    expect(await secret(bearer(token))).toBe('Secret contents!');

    clock.advance(0.001);
    expect(await secret(bearer(token))).toBe('UNAUTHENTICATED');
  });

  test('a cached session stops working the second it expires', async () => {
    const user = await makeUser(t, 'bob');
    const em = t.em();
    const session = await startSession(
      em,
      { ...t.config, sessionLifetime: 30 },
      await em.findOneOrFail(User, user.id),
      clock.now(),
    );
    const cookie = `${t.config.sessionCookieName}=${encodeURIComponent(t.app.signCookie(session.key))}`;

    expect(await secret({ cookie })).toBe('Secret contents!');
    await sql(t, 'delete from sessions where user_id = ?', [user.id]);
    clock.advance(29.999);
    expect(await secret({ cookie })).toBe('Secret contents!');

    clock.advance(0.001);
    expect(await secret({ cookie })).toBe('UNAUTHENTICATED');
  });
});
