import { checksum } from '../../src/auth/tokens';
import { AccessToken, RefreshToken } from '../../src/entities';
import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { LogCapture, basic, postForm, readSecret, tokenRequest } from './helpers';

/** POST /o/revoke_token (RFC 7009). */

const logs = new LogCapture();
let t: TestApp;
let app: { clientId: string; clientSecret: string };
let other: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: logs });
  await makeUser(t, 'alice', { password: 'wonderland' });
  for (const target of ['app', 'other'] as const) {
    const { application, clientSecret } = await makeApplication(t, {
      grantTypes: ['password', 'refresh_token'],
    });
    const client = { clientId: application.clientId, clientSecret: clientSecret! };
    if (target === 'app') app = client;
    else other = client;
  }
});
afterAll(() => t.close());

async function login(client = app) {
  const { body } = await tokenRequest(t, client, {
    grant_type: 'password',
    username: 'alice',
    password: 'wonderland',
  });
  return body as { access_token: string; refresh_token: string };
}

const revoke = (form: Record<string, string>, client = app) =>
  postForm(t, '/o/revoke_token', form, {
    authorization: basic(client.clientId, client.clientSecret),
  });

async function state(pair: { access_token: string; refresh_token: string }) {
  const em = t.em();
  const access = await em.findOneOrFail(AccessToken, { checksum: checksum(pair.access_token) });
  const refresh = await em.findOneOrFail(RefreshToken, { checksum: checksum(pair.refresh_token) });
  return { access: access.revokedAt !== null, refresh: refresh.revokedAt !== null };
}

test('revoking an access token revokes its refresh token too', async () => {
  const pair = await login();
  const { response, body } = await revoke({ token: pair.access_token });
  expect(response.statusCode).toBe(200);
  expect(body).toBeNull();
  expect(response.headers['cache-control']).toBe('no-store');

  expect(await state(pair)).toEqual({ access: true, refresh: true });
  expect((await readSecret(t, pair.access_token)).code).toBe('UNAUTHENTICATED');
});

test('revoking a refresh token revokes its access token too', async () => {
  const pair = await login();
  expect((await readSecret(t, pair.access_token)).secret).toBe('Secret contents!');

  await revoke({ token: pair.refresh_token, token_type_hint: 'refresh_token' });
  expect(await state(pair)).toEqual({ access: true, refresh: true });
  expect((await readSecret(t, pair.access_token)).code).toBe('UNAUTHENTICATED');
});

test('a wrong or unknown hint still finds the token (RFC 7009 §2.1)', async () => {
  const first = await login();
  await revoke({ token: first.refresh_token, token_type_hint: 'access_token' });
  expect(await state(first)).toEqual({ access: true, refresh: true });

  const second = await login();
  await revoke({ token: second.access_token, token_type_hint: 'id_token' });
  expect(await state(second)).toEqual({ access: true, refresh: true });
});

test("another client's token: 200, and nothing is revoked", async () => {
  const pair = await login(other);
  logs.lines.length = 0;

  for (const token of [pair.access_token, pair.refresh_token]) {
    const { response, body } = await revoke({ token });
    expect(response.statusCode).toBe(200);
    expect(body).toBeNull();
  }
  expect(await state(pair)).toEqual({ access: false, refresh: false });
  expect((await readSecret(t, pair.access_token)).secret).toBe('Secret contents!');
  expect(logs.events('token_revoked')).toHaveLength(0);
  expect(logs.events('token_revocation_not_owned')).toHaveLength(2);
});

test('an unknown or already revoked token: 200', async () => {
  expect((await revoke({ token: 'no-such-token' })).response.statusCode).toBe(200);
  const pair = await login();
  await revoke({ token: pair.access_token });
  expect((await revoke({ token: pair.access_token })).response.statusCode).toBe(200);
});

test('a missing token is invalid_request', async () => {
  const { response, body } = await revoke({ token_type_hint: 'access_token' });
  expect(response.statusCode).toBe(400);
  expect(body).toMatchObject({ error: 'invalid_request' });
});

test('the client must authenticate', async () => {
  const pair = await login();
  const { response, body } = await postForm(t, '/o/revoke_token', { token: pair.access_token });
  expect(response.statusCode).toBe(401);
  expect(body).toMatchObject({ error: 'invalid_client' });

  const wrong = await postForm(
    t,
    '/o/revoke_token',
    { token: pair.access_token },
    { authorization: basic(app.clientId, 'wrong') },
  );
  expect(wrong.response.statusCode).toBe(401);
  expect(await state(pair)).toEqual({ access: false, refresh: false });
});

test('each revocation logs one line without the token', async () => {
  const pair = await login();
  logs.lines.length = 0;
  await revoke({ token: pair.access_token });

  const lines = logs.events('token_revoked');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ clientId: app.clientId, tokenType: 'access_token' });
  expect(logs.raw).not.toContain(pair.access_token);
});
