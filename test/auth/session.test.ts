import type { FastifyReply, FastifyRequest } from 'fastify';
import { setSessionCookie } from '../../src/auth/sessions';
import { checksum } from '../../src/auth/tokens';
import { createTestApp, gql, makeUser, testConfig, type TestApp } from '../helpers/app';
import {
  LOGIN,
  errorCodes,
  login,
  sessionCookieFrom,
  sql,
  testClock,
  whoAmI,
} from '../graphql/support';

/** Rule 2: the session backend, login and logout. */

const clock = testClock();
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: clock.now });
});
afterAll(() => t.close());

const sessionCount = async (userId: number) =>
  Number((await sql(t, 'select count(*) as n from sessions where user_id = ?', [userId]))[0]?.n);

describe('login', () => {
  beforeAll(async () => {
    await makeUser(t, 'frank');
  });

  test('sets a signed, HttpOnly, SameSite=Lax cookie that is not Secure over http', async () => {
    await makeUser(t, 'alice');
    const { response, body } = await gql(t, LOGIN, {
      variables: { username: 'alice', password: 'correct horse' },
      // Not trusted (trustProxy is off), so the request still counts as plain http.
      headers: { 'x-forwarded-proto': 'https' },
    });

    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ login: { user: { id: expect.any(String), username: 'alice' } } });

    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^sessionid=[^;]+\.[^;]+;/);
    expect(header).toMatch(/; HttpOnly(;|$)/);
    expect(header).toMatch(/; SameSite=Lax(;|$)/);
    expect(header).toMatch(/; Path=\/(;|$)/);
    expect(header).not.toMatch(/Secure/i);

    const [cookie] = response.cookies;
    const age = t.config.sessionLifetime * 1000;
    expect(new Date(cookie!.expires!).getTime()).toBe(clock.now().getTime() + age);
  });

  test('stores only the checksum of the session key', async () => {
    const user = await makeUser(t, 'bob');
    const cookie = await login(t, 'bob');

    const signed = decodeURIComponent(cookie.split('=').slice(1).join('='));
    const key = t.app.unsignCookie(signed).value!;
    const rows = await sql(t, 'select checksum, expires_at from sessions where user_id = ?', [
      user.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.checksum).toBe(checksum(key));
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  test('records the login time', async () => {
    const user = await makeUser(t, 'carol');
    await login(t, 'carol');
    const [row] = await sql(t, 'select last_login from users where id = ?', [user.id]);
    expect(new Date(row?.last_login as string).getTime()).toBe(clock.now().getTime());
  });

  test('the cookie authenticates later requests', async () => {
    await makeUser(t, 'dave');
    const cookie = await login(t, 'dave');
    expect(await whoAmI(t, { cookie })).toBe('dave');

    const { body } = await gql(t, '{ secret }', { headers: { cookie } });
    expect(body).toEqual({ data: { secret: 'Secret contents!' } });
  });

  test('logging in again replaces the previous session', async () => {
    const user = await makeUser(t, 'erin');
    const first = await login(t, 'erin');

    const { response } = await gql(t, LOGIN, {
      variables: { username: 'erin', password: 'correct horse' },
      headers: { cookie: first },
    });
    const second = sessionCookieFrom(t, response);

    expect(second).not.toBe(first);
    expect(await sessionCount(user.id)).toBe(1);
    expect(await whoAmI(t, { cookie: first })).toBeNull();
    expect(await whoAmI(t, { cookie: second })).toBe('erin');
  });

  test.each([
    ['a wrong password', 'frank', 'wrong password'],
    ['an unknown user', 'nobody', 'correct horse'],
    ['an empty password', 'frank', ''],
  ])('%s gives INVALID_CREDENTIALS and no cookie', async (_name, username, password) => {
    const { response, body } = await gql(t, LOGIN, { variables: { username, password } });

    expect(errorCodes(body)).toEqual(['INVALID_CREDENTIALS']);
    expect(body.data).toBeNull();
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  test('an inactive user cannot log in', async () => {
    const user = await makeUser(t, 'grace');
    await sql(t, 'update users set is_active = false where id = ?', [user.id]);

    const { body } = await gql(t, LOGIN, {
      variables: { username: 'grace', password: 'correct horse' },
    });
    expect(errorCodes(body)).toEqual(['INVALID_CREDENTIALS']);
    expect(await sessionCount(user.id)).toBe(0);
  });
});

describe('a presented cookie', () => {
  let cookie: string;
  let userId: number;

  beforeAll(async () => {
    userId = (await makeUser(t, 'heidi')).id;
    cookie = await login(t, 'heidi');
  });

  test('is refused when its value was altered', async () => {
    const [name, value] = [cookie.split('=')[0], decodeURIComponent(cookie.split('=')[1]!)];
    const flipped = value.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await whoAmI(t, { cookie: `${name}=${encodeURIComponent(flipped)}` })).toBeNull();
  });

  test('is refused when its signature was altered', async () => {
    const tampered = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await whoAmI(t, { cookie: tampered })).toBeNull();
  });

  test('is refused without a signature', async () => {
    const signed = decodeURIComponent(cookie.split('=')[1]!);
    const key = t.app.unsignCookie(signed).value!;
    expect(await whoAmI(t, { cookie: `sessionid=${key}` })).toBeNull();
  });

  test('is refused when correctly signed but naming no session', async () => {
    const forged = t.app.signCookie('a-key-no-session-was-ever-started-with');
    expect(await whoAmI(t, { cookie: `sessionid=${encodeURIComponent(forged)}` })).toBeNull();
  });

  test('is refused once the user is deactivated, and works again after', async () => {
    await sql(t, 'update users set is_active = false where id = ?', [userId]);
    expect(await whoAmI(t, { cookie })).toBeNull();

    const { body } = await gql(t, '{ secret }', { headers: { cookie } });
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);

    await sql(t, 'update users set is_active = true where id = ?', [userId]);
    expect(await whoAmI(t, { cookie })).toBe('heidi');
  });
});

describe('session expiry', () => {
  test('a session works until its expiry, to the second, and not from then on', async () => {
    await makeUser(t, 'ivan');
    const cookie = await login(t, 'ivan');

    clock.advance(t.config.sessionLifetime - 1);
    expect(await whoAmI(t, { cookie })).toBe('ivan');

    clock.advance(1);
    expect(await whoAmI(t, { cookie })).toBeNull();
  });
});

describe('logout', () => {
  test('deletes the session row and clears the cookie', async () => {
    const user = await makeUser(t, 'judy');
    const cookie = await login(t, 'judy');
    expect(await sessionCount(user.id)).toBe(1);

    const { response, body } = await gql(t, 'mutation { logout }', { headers: { cookie } });

    expect(body).toEqual({ data: { logout: true } });
    expect(await sessionCount(user.id)).toBe(0);
    const cleared = response.cookies.find((c) => c.name === 'sessionid');
    expect(cleared?.value).toBe('');
    expect(new Date(cleared!.expires!).getTime()).toBeLessThanOrEqual(Date.now());
    expect(await whoAmI(t, { cookie })).toBeNull();
  });

  test('only ends the caller’s own session', async () => {
    const user = await makeUser(t, 'ken');
    const mine = await login(t, 'ken');
    const other = await login(t, 'ken');

    await gql(t, 'mutation { logout }', { headers: { cookie: mine } });

    expect(await sessionCount(user.id)).toBe(1);
    expect(await whoAmI(t, { cookie: other })).toBe('ken');
  });

  test('answers true without a session', async () => {
    const { body } = await gql(t, 'mutation { logout }');
    expect(body).toEqual({ data: { logout: true } });
  });
});

describe('setSessionCookie', () => {
  test('marks the cookie Secure when the request came over https', () => {
    const setCookie = jest.fn();
    const reply = { setCookie } as unknown as FastifyReply;
    const session = { key: 'k', expiresAt: new Date() };

    setSessionCookie({ protocol: 'https' } as FastifyRequest, reply, testConfig(), session);
    setSessionCookie({ protocol: 'http' } as FastifyRequest, reply, testConfig(), session);

    expect(setCookie.mock.calls[0][2]).toMatchObject({ secure: true, httpOnly: true });
    expect(setCookie.mock.calls[1][2]).toMatchObject({ secure: false, httpOnly: true });
  });
});
