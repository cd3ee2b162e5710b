import type { FastifyRequest } from 'fastify';
import { authenticate } from '../../src/auth/authenticate';
import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import type { Application } from '../../src/entities';
import { PLAIN_CHALLENGE, bearer, errorCodes, testClock, whoAmI } from '../graphql/support';

/** Rule 5: what a valid token puts on the request, with and without a user. */

const clock = testClock();
let t: TestApp;
let application: Application;

beforeAll(async () => {
  t = await createTestApp({ now: clock.now });
  ({ application } = await makeApplication(t));
});
afterAll(() => t.close());

/** The request shape the backends read: headers and cookies, nothing else. */
const requestWith = (headers: Record<string, string>) =>
  ({ headers, cookies: {} }) as unknown as FastifyRequest;

describe('authenticate', () => {
  test('a token with a user sets the user and the token', async () => {
    const user = await makeUser(t, 'alice');
    const { token, id } = await makeToken(t, application, user, {
      scopes: ['read', 'write'],
      expiresIn: 600,
      now: clock.now(),
    });

    const auth = await authenticate(requestWith(bearer(token)), t.services);

    expect(auth.backend).toBe('oauth2');
    expect(auth.user).toMatchObject({ id: user.id, username: 'alice', isActive: true });
    expect(auth.accessToken).toEqual({
      id: String(id),
      scopes: ['read', 'write'],
      applicationId: application.id,
      clientId: application.clientId,
      userId: user.id,
      expiresAt: new Date(clock.now().getTime() + 600_000),
    });
    expect(auth.tokenRejection).toBeNull();
  });

  test('a client’s own token sets the token and no user', async () => {
    const { token, id } = await makeToken(t, application, null, {
      scopes: ['read'],
      now: clock.now(),
    });

    const auth = await authenticate(requestWith(bearer(token)), t.services);

    expect(auth.user).toBeNull();
    expect(auth.accessToken).toMatchObject({ id: String(id), scopes: ['read'], userId: null });
    expect(auth.backend).toBe('oauth2');
  });

  test.each([
    ['no header', {}, null],
    ['another scheme', { authorization: 'Basic eDp5' }, null],
    ['an unknown token', bearer('unknown'), 'unknown'],
  ])('%s sets neither', async (_name, headers, rejection) => {
    const auth = await authenticate(requestWith(headers), t.services);
    expect(auth).toEqual({
      user: null,
      accessToken: null,
      backend: null,
      tokenRejection: rejection,
      sessionId: null,
    });
  });
});

describe('over GraphQL', () => {
  test('a token with a user: me is that user', async () => {
    const user = await makeUser(t, 'bob');
    const { token } = await makeToken(t, application, user, { now: clock.now() });
    expect(await whoAmI(t, bearer(token))).toBe('bob');
  });

  test('a client’s own token: me is null and secret needs a user', async () => {
    const { token } = await makeToken(t, application, null, { now: clock.now() });
    expect(await whoAmI(t, bearer(token))).toBeNull();

    const { response, body } = await gql(t, '{ secret }', { headers: bearer(token) });
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
    // The token itself was fine: the challenge must not call it invalid.
    expect(response.headers['www-authenticate']).toBe(PLAIN_CHALLENGE);
  });

  test('a client’s own token cannot list "my" tokens', async () => {
    const { token } = await makeToken(t, application, null, { now: clock.now() });
    const { body } = await gql(t, '{ myAccessTokens { edges { node { id } } } }', {
      headers: bearer(token),
    });
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
  });

  test('me answers null with an invalid token, and the full user with a valid one', async () => {
    const invalid = await gql(t, '{ me { id username isStaff } }', { headers: bearer('nope') });
    expect(invalid.body).toEqual({ data: { me: null } });

    const user = await makeUser(t, 'carol', { isStaff: true });
    const { token } = await makeToken(t, application, user, { now: clock.now() });
    const valid = await gql(t, '{ me { id username isActive isStaff isSuperuser } }', {
      headers: bearer(token),
    });
    expect(valid.body).toEqual({
      data: {
        me: {
          id: String(user.id),
          username: 'carol',
          isActive: true,
          isStaff: true,
          isSuperuser: false,
        },
      },
    });
  });
});
