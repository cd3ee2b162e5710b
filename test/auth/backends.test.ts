import { ConfigError, loadConfig } from '../../src/config';
import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import type { Application } from '../../src/entities';
import { bearer, userWithSession, whoAmI } from '../graphql/support';

/** Rule 1: AUTH_BACKENDS runs the backends in order and the first active user wins. */

describe('AUTH_BACKENDS configuration', () => {
  test('defaults to the session, then the token', () => {
    expect(loadConfig({ SECRET_KEY: 'k'.repeat(32) }).authBackends).toEqual(['session', 'oauth2']);
  });

  test('accepts the reversed order, comma or space separated', () => {
    expect(loadConfig({ AUTH_BACKENDS: 'oauth2,session' }).authBackends).toEqual([
      'oauth2',
      'session',
    ]);
    expect(loadConfig({ AUTH_BACKENDS: 'oauth2 session' }).authBackends).toEqual([
      'oauth2',
      'session',
    ]);
  });

  test.each(['session,ldap', 'basic', ',', 'Session'])(
    'refuses %j with a ConfigError naming the variable',
    (value) => {
      let error: unknown;
      try {
        loadConfig({ AUTH_BACKENDS: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('CONFIG_INVALID');
      expect((error as ConfigError).message).toContain('AUTH_BACKENDS');
    },
  );
});

async function sessionAndForeignToken(t: TestApp, application: Application, name: string) {
  const { cookie } = await userWithSession(t, `${name}-session`);
  const other = await makeUser(t, `${name}-token`);
  const { token } = await makeToken(t, application, other);
  return { cookie, token };
}

describe('default order: session, oauth2', () => {
  let t: TestApp;
  let application: Application;

  beforeAll(async () => {
    t = await createTestApp({ env: { INVALID_TOKEN: 'reject' } });
    ({ application } = await makeApplication(t));
  });
  afterAll(() => t.close());

  test('a valid session wins over another user’s valid token', async () => {
    const { cookie, token } = await sessionAndForeignToken(t, application, 'a');
    expect(await whoAmI(t, { cookie, ...bearer(token) })).toBe('a-session');
  });

  test('the token backend does not run once the session authenticated', async () => {
    // INVALID_TOKEN=reject refuses a request whose token the oauth2 backend saw and refused; a
    // request the session already authenticated never reaches that backend.
    const { cookie } = await userWithSession(t, 'b-session');
    const { response, body } = await gql(t, '{ me { username } }', {
      headers: { cookie, ...bearer('not-a-known-token') },
    });
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ data: { me: { username: 'b-session' } } });
  });

  test('without a session the token authenticates', async () => {
    const { token } = await sessionAndForeignToken(t, application, 'c');
    expect(await whoAmI(t, bearer(token))).toBe('c-token');
  });
});

describe('reversed order: oauth2, session', () => {
  let t: TestApp;
  let application: Application;

  beforeAll(async () => {
    t = await createTestApp({ env: { AUTH_BACKENDS: 'oauth2,session' } });
    ({ application } = await makeApplication(t));
  });
  afterAll(() => t.close());

  test('a valid token wins over another user’s valid session', async () => {
    const { cookie, token } = await sessionAndForeignToken(t, application, 'a');
    expect(await whoAmI(t, { cookie, ...bearer(token) })).toBe('a-token');
  });

  test('an invalid token falls through to the session', async () => {
    const { cookie } = await userWithSession(t, 'b-session');
    expect(await whoAmI(t, { cookie, ...bearer('not-a-known-token') })).toBe('b-session');
  });

  test('a client’s own token (no user) lets a later session name the user', async () => {
    const { cookie } = await userWithSession(t, 'c-session');
    const { token } = await makeToken(t, application, null);
    expect(await whoAmI(t, { cookie, ...bearer(token) })).toBe('c-session');
    expect(await whoAmI(t, bearer(token))).toBeNull();
  });

  test('the session still works alone', async () => {
    const { cookie } = await userWithSession(t, 'd-session');
    expect(await whoAmI(t, { cookie })).toBe('d-session');
  });
});
