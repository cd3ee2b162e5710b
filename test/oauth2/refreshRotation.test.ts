import { checksum } from '../../src/auth/tokens';
import { AccessToken, RefreshToken, User } from '../../src/entities';
import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { LogCapture, TestClock, postForm, readSecret, tokenRequest } from './helpers';

/** The refresh token grant with rotation, reuse detection and expiry (RFC 6749 §6, RFC 9700). */

const clock = new TestClock();
const logs = new LogCapture();
let t: TestApp;
let app: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await createTestApp({
    now: clock.now,
    env: {
      LOG_LEVEL: 'info',
      REFRESH_TOKEN_IDLE_SECONDS: '3600',
      REFRESH_TOKEN_EXPIRE_SECONDS: '10000',
      ACCESS_TOKEN_EXPIRE_SECONDS: '600',
    },
    logStream: logs,
  });
  await makeUser(t, 'alice', { password: 'wonderland' });
  const { application, clientSecret } = await makeApplication(t, {
    grantTypes: ['password', 'refresh_token'],
  });
  app = { clientId: application.clientId, clientSecret: clientSecret! };
});
afterAll(() => t.close());

interface Pair {
  access_token: string;
  refresh_token: string;
  scope: string;
}

async function login(scope = 'read write'): Promise<Pair> {
  const { response, body } = await tokenRequest(t, app, {
    grant_type: 'password',
    username: 'alice',
    password: 'wonderland',
    scope,
  });
  expect(response.statusCode).toBe(200);
  return body;
}

const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
  tokenRequest(t, app, { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra });

const refreshRow = (token: string) =>
  t.em().findOneOrFail(RefreshToken, { checksum: checksum(token) });

async function expectInvalidGrant(token: string, extra: Record<string, string> = {}) {
  const { response, body } = await refresh(token, extra);
  expect(response.statusCode).toBe(400);
  expect(body).toMatchObject({ error: 'invalid_grant' });
}

test('each use rotates: a new pair, the old token kept as a revoked tombstone in the family', async () => {
  const first = await login();
  const { response, body: second } = await refresh(first.refresh_token);
  expect(response.statusCode).toBe(200);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(second).toMatchObject({ token_type: 'Bearer', scope: 'read write', expires_in: 600 });
  expect(second.refresh_token).not.toBe(first.refresh_token);

  const old = await refreshRow(first.refresh_token);
  const current = await refreshRow(second.refresh_token);
  expect(old.revokedAt).toEqual(clock.now());
  expect(current.revokedAt).toBeNull();
  expect(current.familyId).toBe(old.familyId);
  expect((await readSecret(t, second.access_token)).secret).toBe('Secret contents!');
});

test('a reused rotated token revokes the whole family, the newest tokens included', async () => {
  const first = await login();
  const { body: second } = await refresh(first.refresh_token);
  const { body: third } = await refresh(second.refresh_token);
  expect((await readSecret(t, third.access_token)).secret).toBe('Secret contents!');

  logs.lines.length = 0;
  await expectInvalidGrant(first.refresh_token);

  expect((await readSecret(t, third.access_token)).code).toBe('UNAUTHENTICATED');
  await expectInvalidGrant(third.refresh_token);
  const family = await t
    .em()
    .find(RefreshToken, { familyId: (await refreshRow(first.refresh_token)).familyId });
  expect(family).toHaveLength(3);
  expect(family.every((token) => token.revokedAt !== null)).toBe(true);
  expect(logs.events('refresh_token_refused')[0]).toMatchObject({ reason: 'reused' });
});

test('a refresh after its access token was revoked is invalid_grant', async () => {
  const pair = await login();
  const revoked = await postForm(t, '/o/revoke_token', {
    token: pair.access_token,
    client_id: app.clientId,
    client_secret: app.clientSecret,
  });
  expect(revoked.response.statusCode).toBe(200);

  await expectInvalidGrant(pair.refresh_token);
});

test("another client's refresh token is invalid_grant and left untouched", async () => {
  const pair = await login();
  const { application, clientSecret } = await makeApplication(t, {
    grantTypes: ['password', 'refresh_token'],
  });
  const { response, body } = await tokenRequest(
    t,
    { clientId: application.clientId, clientSecret },
    { grant_type: 'refresh_token', refresh_token: pair.refresh_token },
  );
  expect(response.statusCode).toBe(400);
  expect(body).toMatchObject({ error: 'invalid_grant' });
  expect((await refreshRow(pair.refresh_token)).revokedAt).toBeNull();
  expect((await refresh(pair.refresh_token)).response.statusCode).toBe(200);
});

test('an unknown refresh token is invalid_grant; a missing one invalid_request', async () => {
  await expectInvalidGrant('no-such-token');
  const { body } = await tokenRequest(t, app, { grant_type: 'refresh_token' });
  expect(body).toMatchObject({ error: 'invalid_request' });
});

test('the scope can narrow, never widen', async () => {
  const pair = await login('read');
  const { body } = await refresh(pair.refresh_token, { scope: 'read write' });
  expect(body).toMatchObject({ error: 'invalid_scope' });
  // A refused widening does not spend the token.
  const { body: same } = await refresh(pair.refresh_token);
  expect(same.scope).toBe('read');

  const wide = await login('read write');
  const { body: narrowed } = await refresh(wide.refresh_token, { scope: 'read' });
  expect(narrowed.scope).toBe('read');
  expect((await refresh(narrowed.refresh_token, { scope: 'write' })).body).toMatchObject({
    error: 'invalid_scope',
  });
});

test('a refresh works after its expired access token was deleted (cleartokens)', async () => {
  const pair = await login('read write');
  await t.em().nativeDelete(AccessToken, { checksum: checksum(pair.access_token) });

  const { response, body } = await refresh(pair.refresh_token);
  expect(response.statusCode).toBe(200);
  expect(body.scope).toBe('read write');
});

test('the idle timeout counts from the presented token’s issuance', async () => {
  const pair = await login();
  clock.advance(3000);
  const { body: next } = await refresh(pair.refresh_token);
  expect(next.access_token).toEqual(expect.any(String));

  // Rotation restarted the idle clock for the new token…
  clock.advance(3000);
  const { body: after } = await refresh(next.refresh_token);
  expect(after.access_token).toEqual(expect.any(String));

  // …but an hour and a second without use is too long.
  clock.advance(3601);
  await expectInvalidGrant(after.refresh_token);
});

test('the family’s absolute lifetime counts from its first token', async () => {
  let pair = await login();
  for (let step = 0; step < 2; step += 1) {
    clock.advance(3500);
    ({ body: pair } = await refresh(pair.refresh_token));
    expect(pair.refresh_token).toEqual(expect.any(String));
  }
  clock.advance(3500);
  await expectInvalidGrant(pair.refresh_token);
});

test('an inactive user’s refresh token is refused', async () => {
  await makeUser(t, 'carol', { password: 'carol-password' });
  const { body: pair } = await tokenRequest(t, app, {
    grant_type: 'password',
    username: 'carol',
    password: 'carol-password',
  });
  await t.em().nativeUpdate(User, { username: 'carol' }, { isActive: false });
  await expectInvalidGrant(pair.refresh_token);
});

test('concurrent refreshes with one token: exactly one 200, no 500', async () => {
  const pair = await login();
  const results = await Promise.all([1, 2, 3].map(() => refresh(pair.refresh_token)));
  const statuses = results.map((result) => result.response.statusCode).sort();
  expect(statuses).toEqual([200, 400, 400]);
  for (const result of results.filter((r) => r.response.statusCode === 400)) {
    expect(result.body).toMatchObject({ error: 'invalid_grant' });
  }
});
