import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import { Application as ApplicationEntity, User as UserEntity } from '../../src/entities';
import type { Application, User } from '../../src/entities';
import { createTokens } from '../../src/oauth2/issue';
import {
  INVALID_TOKEN_CHALLENGE,
  bearer,
  errorCodes,
  login,
  sql,
  testClock,
  whoAmI,
} from './support';

/**
 * The revokeAccessToken mutation: staff revoke any token, users their own; the refresh token
 * issued with it goes too, and the revoked token stops working on the very next request.
 */

const REVOKE = `mutation ($id: ID!) {
  revokeAccessToken(id: $id) { accessToken { id revokedAt isActive user { username } } }
}`;

const clock = testClock();
let t: TestApp;
let application: Application;
let alice: User;
let staffCookie: string;
let aliceCookie: string;

beforeAll(async () => {
  t = await createTestApp({ now: clock.now });
  ({ application } = await makeApplication(t));
  await makeUser(t, 'admin', { isStaff: true });
  alice = await makeUser(t, 'alice');
  await makeUser(t, 'mallory');
  staffCookie = await login(t, 'admin');
  aliceCookie = await login(t, 'alice');
});
afterAll(() => t.close());

const revoke = (id: string, headers: Record<string, string>) =>
  gql(t, REVOKE, { variables: { id }, headers });

const aliceToken = async () => {
  const { token, id } = await makeToken(t, application, alice, { now: clock.now() });
  return { token, id: String(id) };
};

const revokedAt = async (table: 'access_tokens' | 'refresh_tokens', id: string) => {
  const [row] = await sql(t, `select revoked_at from ${table} where id = ?`, [id]);
  return row?.revoked_at ? new Date(row.revoked_at as string).toISOString() : null;
};

async function expectTokenRefused(token: string) {
  const { response, body } = await gql(t, '{ secret }', { headers: bearer(token) });
  expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
  expect(response.headers['www-authenticate']).toBe(INVALID_TOKEN_CHALLENGE);
}

test('staff revoke any token; it stops working on the next request', async () => {
  const { token, id } = await aliceToken();
  expect(await whoAmI(t, bearer(token))).toBe('alice');

  const { body } = await revoke(id, { cookie: staffCookie });

  expect(body).toEqual({
    data: {
      revokeAccessToken: {
        accessToken: {
          id,
          revokedAt: clock.now().toISOString(),
          isActive: false,
          user: { username: 'alice' },
        },
      },
    },
  });
  expect(await revokedAt('access_tokens', id)).toBe(clock.now().toISOString());
  await expectTokenRefused(token);
});

test('a user revokes their own token by session', async () => {
  const { token, id } = await aliceToken();
  const { body } = await revoke(id, { cookie: aliceCookie });

  expect(body.errors).toBeUndefined();
  await expectTokenRefused(token);
});

test('a token revokes itself, and the same request’s answer is its last', async () => {
  const { token, id } = await aliceToken();
  const { body } = await revoke(id, bearer(token));

  expect(body.errors).toBeUndefined();
  await expectTokenRefused(token);
});

test('another user’s token is NOT_FOUND for a non-staff user, and stays valid', async () => {
  const { token, id } = await aliceToken();
  const malloryCookie = await login(t, 'mallory');

  const { body } = await revoke(id, { cookie: malloryCookie });

  expect(errorCodes(body)).toEqual(['NOT_FOUND']);
  expect(await revokedAt('access_tokens', id)).toBeNull();
  expect(await whoAmI(t, bearer(token))).toBe('alice');
});

test('a client’s own token (no user) is NOT_FOUND for a non-staff user', async () => {
  const { token, id } = await makeToken(t, application, null, { now: clock.now() });
  const { body } = await revoke(String(id), { cookie: aliceCookie });

  expect(errorCodes(body)).toEqual(['NOT_FOUND']);
  expect(await revokedAt('access_tokens', String(id))).toBeNull();
  expect((await gql(t, '{ me { id } }', { headers: bearer(token) })).body).toEqual({
    data: { me: null },
  });
});

test('an unknown id is NOT_FOUND and a malformed one BAD_USER_INPUT', async () => {
  expect(errorCodes((await revoke('999999', { cookie: staffCookie })).body)).toEqual(['NOT_FOUND']);

  const { body } = await revoke('not-an-id', { cookie: staffCookie });
  expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
  expect(body.errors?.[0]?.extensions?.field).toBe('id');
});

test('revoking again keeps the first revocation time', async () => {
  const { id } = await aliceToken();
  await revoke(id, { cookie: staffCookie });
  const first = clock.now().toISOString();

  clock.advance(10);
  const { body } = await revoke(id, { cookie: staffCookie });

  expect(body.errors).toBeUndefined();
  expect(await revokedAt('access_tokens', id)).toBe(first);
});

test('revokes the refresh token issued with it, and only that one', async () => {
  const em = t.em();
  const issue = () =>
    createTokens(em, t.config, clock.now(), {
      application: em.getReference(ApplicationEntity, application.id),
      user: em.getReference(UserEntity, alice.id),
      scopes: ['read', 'write'],
      withRefreshToken: true,
    });
  const revoked = issue();
  const kept = issue();
  await em.flush();

  const { body } = await revoke(String(revoked.accessToken.id), { cookie: aliceCookie });

  expect(body.errors).toBeUndefined();
  expect(await revokedAt('refresh_tokens', String(revoked.refreshToken!.id))).toBe(
    clock.now().toISOString(),
  );
  expect(await revokedAt('refresh_tokens', String(kept.refreshToken!.id))).toBeNull();
  expect(await revokedAt('access_tokens', String(kept.accessToken.id))).toBeNull();
  await expectTokenRefused(revoked.response.access_token);
  expect(await whoAmI(t, bearer(kept.response.access_token))).toBe('alice');
});
