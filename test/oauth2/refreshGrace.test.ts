import type { AppAuthorizedEvent } from '../../src/oauth2/events';
import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { TestClock, postForm, readSecret, tokenRequest } from './helpers';

/**
 * REFRESH_TOKEN_GRACE_PERIOD_SECONDS: a client that lost the response to a refresh may retry
 * with the same token for a few seconds and gets the same new pair, instead of losing its
 * whole family to reuse detection.
 */

const clock = new TestClock();
let t: TestApp;
let app: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await createTestApp({
    now: clock.now,
    env: { REFRESH_TOKEN_GRACE_PERIOD_SECONDS: '30', ACCESS_TOKEN_EXPIRE_SECONDS: '600' },
  });
  await makeUser(t, 'alice', { password: 'wonderland' });
  const { application, clientSecret } = await makeApplication(t, {
    grantTypes: ['password', 'refresh_token'],
  });
  app = { clientId: application.clientId, clientSecret: clientSecret! };
});
afterAll(() => t.close());

async function login() {
  const { body } = await tokenRequest(t, app, {
    grant_type: 'password',
    username: 'alice',
    password: 'wonderland',
  });
  return body as { access_token: string; refresh_token: string };
}

const refresh = (refreshToken: string) =>
  tokenRequest(t, app, { grant_type: 'refresh_token', refresh_token: refreshToken });

test('a retry within the grace period returns the same pair, announced once', async () => {
  const seen: AppAuthorizedEvent[] = [];
  t.services.events!.on('appAuthorized', (event) => seen.push(event));
  const first = await login();

  const { body: rotated } = await refresh(first.refresh_token);
  clock.advance(10);
  const { response, body: retried } = await refresh(first.refresh_token);

  expect(response.statusCode).toBe(200);
  expect(retried.access_token).toBe(rotated.access_token);
  expect(retried.refresh_token).toBe(rotated.refresh_token);
  expect(retried.scope).toBe(rotated.scope);
  expect(retried.expires_in).toBe(590);
  expect((await readSecret(t, retried.access_token)).secret).toBe('Secret contents!');
  expect(seen.map((event) => event.grantType)).toEqual(['password', 'refresh_token']);
  t.services.events!.removeAllListeners('appAuthorized');

  // The pair keeps working and rotates as usual.
  const { response: next } = await refresh(retried.refresh_token);
  expect(next.statusCode).toBe(200);
});

test('after the grace period the same retry is reuse: the family is revoked', async () => {
  const first = await login();
  const { body: rotated } = await refresh(first.refresh_token);
  clock.advance(31);

  const { response, body } = await refresh(first.refresh_token);
  expect(response.statusCode).toBe(400);
  expect(body).toMatchObject({ error: 'invalid_grant' });
  expect((await readSecret(t, rotated.access_token)).code).toBe('UNAUTHENTICATED');
  expect((await refresh(rotated.refresh_token)).body).toMatchObject({ error: 'invalid_grant' });
});

test('once the new token has itself been used, the old one is reuse even within the period', async () => {
  const first = await login();
  const { body: second } = await refresh(first.refresh_token);
  const { body: third } = await refresh(second.refresh_token);

  const { body } = await refresh(first.refresh_token);
  expect(body).toMatchObject({ error: 'invalid_grant' });
  expect((await readSecret(t, third.access_token)).code).toBe('UNAUTHENTICATED');
});

test('a revoked token is not revived by the grace period', async () => {
  const first = await login();
  const { body: rotated } = await refresh(first.refresh_token);
  const { response: revoke } = await postForm(t, '/o/revoke_token', {
    token: rotated.refresh_token,
    client_id: app.clientId,
    client_secret: app.clientSecret,
  });
  expect(revoke.statusCode).toBe(200);

  expect((await refresh(first.refresh_token)).body).toMatchObject({ error: 'invalid_grant' });
});

test('concurrent refreshes with one token all succeed with the same pair', async () => {
  const first = await login();
  const results = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
  expect(results.map((result) => result.response.statusCode)).toEqual([200, 200]);
  expect(results[0]!.body.refresh_token).toBe(results[1]!.body.refresh_token);
  expect(results[0]!.body.access_token).toBe(results[1]!.body.access_token);
});
