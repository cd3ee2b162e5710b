import { User } from '../../src/entities';
import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { TestClock, basic, postForm, tokenRequest } from './helpers';

/** POST /o/introspect (RFC 7662). */

const clock = new TestClock();
let t: TestApp;
let app: { clientId: string; clientSecret: string };
let resourceServer: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await createTestApp({ now: clock.now, env: { ACCESS_TOKEN_EXPIRE_SECONDS: '600' } });
  await makeUser(t, 'alice', { password: 'wonderland' });
  const made = await makeApplication(t, {
    grantTypes: ['password', 'refresh_token', 'client_credentials'],
  });
  app = { clientId: made.application.clientId, clientSecret: made.clientSecret! };
  const rs = await makeApplication(t, { grantTypes: ['client_credentials'] });
  resourceServer = { clientId: rs.application.clientId, clientSecret: rs.clientSecret! };
});
afterAll(() => t.close());

async function login(username = 'alice', password = 'wonderland') {
  const { body } = await tokenRequest(t, app, {
    grant_type: 'password',
    username,
    password,
    scope: 'read write',
  });
  return body as { access_token: string; refresh_token: string };
}

const introspect = (form: Record<string, string>, authorization?: string) =>
  postForm(t, '/o/introspect', form, authorization === undefined ? {} : { authorization });

const asResourceServer = (form: Record<string, string>) =>
  introspect(form, basic(resourceServer.clientId, resourceServer.clientSecret));

const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

test('an active access token is described; the response is not cached', async () => {
  const pair = await login();
  const { response, body } = await asResourceServer({ token: pair.access_token });

  expect(response.statusCode).toBe(200);
  expect(response.headers['cache-control']).toBe('no-store');
  const user = await t.em().findOneOrFail(User, { username: 'alice' });
  expect(body).toEqual({
    active: true,
    scope: 'read write',
    client_id: app.clientId,
    username: 'alice',
    sub: String(user.id),
    exp: epoch(clock.now()) + 600,
    iat: epoch(clock.now()),
    token_type: 'Bearer',
  });
});

test('an active refresh token is described, found with or without the hint', async () => {
  const pair = await login();
  const forms: Record<string, string>[] = [
    { token: pair.refresh_token },
    { token: pair.refresh_token, token_type_hint: 'refresh_token' },
  ];
  for (const form of forms) {
    const { body } = await asResourceServer(form);
    expect(body).toMatchObject({
      active: true,
      scope: 'read write',
      client_id: app.clientId,
      username: 'alice',
      iat: epoch(clock.now()),
      exp: epoch(clock.now()) + t.config.refreshTokenLifetime,
    });
  }
});

test('a client-credentials token has no username', async () => {
  const { body: issued } = await tokenRequest(t, app, { grant_type: 'client_credentials' });
  const { body } = await asResourceServer({ token: issued.access_token });
  expect(body.active).toBe(true);
  expect(body).not.toHaveProperty('username');
  expect(body).not.toHaveProperty('sub');
});

test('unknown, expired, revoked and inactive-user tokens are {"active": false} only', async () => {
  expect((await asResourceServer({ token: 'no-such-token' })).body).toEqual({ active: false });

  const expiring = await login();
  clock.advance(601);
  expect((await asResourceServer({ token: expiring.access_token })).body).toEqual({
    active: false,
  });

  const revoked = await login();
  await postForm(
    t,
    '/o/revoke_token',
    { token: revoked.access_token },
    { authorization: basic(app.clientId, app.clientSecret) },
  );
  for (const token of [revoked.access_token, revoked.refresh_token]) {
    const { response, body } = await asResourceServer({ token });
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ active: false });
  }

  await makeUser(t, 'dave', { password: 'dave-password' });
  const daves = await login('dave', 'dave-password');
  await t.em().nativeUpdate(User, { username: 'dave' }, { isActive: false });
  expect((await asResourceServer({ token: daves.access_token })).body).toEqual({ active: false });
  expect((await asResourceServer({ token: daves.refresh_token })).body).toEqual({
    active: false,
  });
});

test('a bearer token with the introspection scope may introspect', async () => {
  const { body: rsToken } = await tokenRequest(t, resourceServer, {
    grant_type: 'client_credentials',
    scope: 'introspection',
  });
  const pair = await login();
  const { response, body } = await introspect(
    { token: pair.access_token },
    `Bearer ${rsToken.access_token}`,
  );
  expect(response.statusCode).toBe(200);
  expect(body).toMatchObject({ active: true, username: 'alice' });
});

test('a bearer token without the introspection scope is refused', async () => {
  const pair = await login();
  const { response, body } = await introspect(
    { token: pair.access_token },
    `Bearer ${pair.access_token}`,
  );
  expect(response.statusCode).toBe(403);
  expect(body).toMatchObject({ error: 'insufficient_scope' });
  expect(response.headers['www-authenticate']).toBe(
    `Bearer realm="${t.config.realm}", error="insufficient_scope", scope="introspection"`,
  );
});

test('an invalid bearer token is refused with invalid_token', async () => {
  const { response, body } = await introspect({ token: 'x' }, 'Bearer not-a-real-token');
  expect(response.statusCode).toBe(401);
  expect(body).toMatchObject({ error: 'invalid_token' });
  expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
});

test('no caller authentication, a wrong secret, or a public client: 401', async () => {
  const pair = await login();
  const anonymous = await introspect({ token: pair.access_token });
  expect(anonymous.response.statusCode).toBe(401);
  expect(anonymous.body).toMatchObject({ error: 'invalid_client' });

  const wrong = await introspect(
    { token: pair.access_token },
    basic(resourceServer.clientId, 'wrong'),
  );
  expect(wrong.response.statusCode).toBe(401);

  const { application } = await makeApplication(t, {
    clientType: 'public',
    grantTypes: ['password'],
  });
  const publicClient = await introspect({
    token: pair.access_token,
    client_id: application.clientId,
  });
  expect(publicClient.response.statusCode).toBe(401);
  expect(publicClient.body).toMatchObject({ error: 'invalid_client' });
});

test('a missing token is invalid_request', async () => {
  const { response, body } = await asResourceServer({});
  expect(response.statusCode).toBe(400);
  expect(body).toMatchObject({ error: 'invalid_request' });
});
