import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import type { Application } from '../../src/entities';
import {
  INVALID_TOKEN_CHALLENGE,
  PLAIN_CHALLENGE,
  bearer,
  errorCodes,
  sql,
  testClock,
  whoAmI,
} from '../graphql/support';

/**
 * Rules 4 and 6: when a token authenticates, and what a refused one gets: the same as no token
 * for public fields, UNAUTHENTICATED with an RFC 6750 §3 challenge for protected ones, or a 401
 * for the whole request with INVALID_TOKEN=reject.
 */

const clock = testClock();

/** Asserts a token is refused: anonymous for `me`, invalid_token for `secret`. */
async function expectRefused(t: TestApp, token: string) {
  expect(await whoAmI(t, bearer(token))).toBeNull();

  const { response, body } = await gql(t, '{ secret }', { headers: bearer(token) });
  expect(response.statusCode).toBe(200);
  expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
  expect(body.data).toBeNull();
  expect(response.headers['www-authenticate']).toBe(INVALID_TOKEN_CHALLENGE);
}

async function expectAccepted(t: TestApp, token: string, username: string) {
  expect(await whoAmI(t, bearer(token))).toBe(username);
  const { body } = await gql(t, '{ secret }', { headers: bearer(token) });
  expect(body).toEqual({ data: { secret: 'Secret contents!' } });
}

describe('with INVALID_TOKEN=anonymous (the default)', () => {
  let t: TestApp;
  let application: Application;

  beforeAll(async () => {
    t = await createTestApp({ now: clock.now });
    ({ application } = await makeApplication(t));
  });
  afterAll(() => t.close());

  test('a token works until its expiry, to the second, and not from then on', async () => {
    const user = await makeUser(t, 'expiring');
    const { token } = await makeToken(t, application, user, { expiresIn: 60, now: clock.now() });

    clock.advance(59);
    await expectAccepted(t, token, 'expiring');

    clock.advance(1);
    await expectRefused(t, token);
  });

  test('a revoked token is refused', async () => {
    const user = await makeUser(t, 'revoked');
    const { token, id } = await makeToken(t, application, user, { now: clock.now() });
    await expectAccepted(t, token, 'revoked');

    await sql(t, 'update access_tokens set revoked_at = ? where id = ?', [clock.now(), id]);
    await expectRefused(t, token);
  });

  test('an unknown token is refused', async () => {
    await expectRefused(t, 'no-such-token-was-ever-issued');
  });

  test('a token whose application was deleted is refused', async () => {
    const user = await makeUser(t, 'orphan');
    const { application: doomed } = await makeApplication(t, { name: 'doomed' });
    const { token } = await makeToken(t, doomed, user, { now: clock.now() });
    await expectAccepted(t, token, 'orphan');

    await sql(t, 'delete from applications where id = ?', [doomed.id]);
    await expectRefused(t, token);
  });

  test('a token of a deactivated user is refused, and works again on reactivation', async () => {
    const user = await makeUser(t, 'inactive');
    const { token } = await makeToken(t, application, user, { now: clock.now() });
    await expectAccepted(t, token, 'inactive');

    await sql(t, 'update users set is_active = false where id = ?', [user.id]);
    await expectRefused(t, token);

    await sql(t, 'update users set is_active = true where id = ?', [user.id]);
    await expectAccepted(t, token, 'inactive');
  });

  test('a refused token leaves public fields answering, without a challenge', async () => {
    const { response, body } = await gql(t, '{ me { username } }', {
      headers: bearer('no-such-token'),
    });
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ data: { me: null } });
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  test('no credentials at all gets the plain challenge', async () => {
    const { response, body } = await gql(t, '{ secret }');
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
    expect(response.headers['www-authenticate']).toBe(PLAIN_CHALLENGE);
  });

  test('the realm comes from the REALM setting', async () => {
    const other = await createTestApp({ env: { REALM: 'tutorial api' } });
    try {
      const { response } = await gql(other, '{ secret }', { headers: bearer('unknown') });
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="tutorial api", error="invalid_token"',
      );
    } finally {
      await other.close();
    }
  });
});

describe('with INVALID_TOKEN=reject', () => {
  let t: TestApp;
  let application: Application;

  beforeAll(async () => {
    t = await createTestApp({ now: clock.now, env: { INVALID_TOKEN: 'reject' } });
    ({ application } = await makeApplication(t));
  });
  afterAll(() => t.close());

  test.each([
    ['a public field', '{ me { username } }'],
    ['a protected field', '{ secret }'],
  ])('an unknown token gets a 401 for %s', async (_name, query) => {
    const { response, body } = await gql(t, query, { headers: bearer('no-such-token') });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe(INVALID_TOKEN_CHALLENGE);
    expect(body.data).toBeUndefined();
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
  });

  test('an expired token gets a 401', async () => {
    const user = await makeUser(t, 'expired');
    const { token } = await makeToken(t, application, user, { expiresIn: 1, now: clock.now() });
    clock.advance(1);

    const { response } = await gql(t, '{ me { username } }', { headers: bearer(token) });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe(INVALID_TOKEN_CHALLENGE);
  });

  test('a request without a token still reads public fields', async () => {
    const { response, body } = await gql(t, '{ me { username } }');
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ data: { me: null } });
  });

  test('a request without a token gets UNAUTHENTICATED and the plain challenge', async () => {
    const { response, body } = await gql(t, '{ secret }');
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
    expect(response.headers['www-authenticate']).toBe(PLAIN_CHALLENGE);
  });

  test('a malformed Authorization header is no token, so it is not rejected', async () => {
    const { response, body } = await gql(t, '{ me { username } }', {
      headers: { authorization: 'Basic YWxpY2U6d29uZGVybGFuZA==' },
    });
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ data: { me: null } });
  });

  test('a valid token still works', async () => {
    const user = await makeUser(t, 'valid');
    const { token } = await makeToken(t, application, user, { now: clock.now() });
    await expectAccepted(t, token, 'valid');
  });
});
