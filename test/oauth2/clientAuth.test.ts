import { hashPassword } from '../../src/auth/password';
import { Application } from '../../src/entities';
import { createTestApp, makeApplication, type TestApp } from '../helpers/app';
import { LogCapture, basic, postForm } from './helpers';

/** Client authentication at the token endpoint (RFC 6749 §2.3), through client credentials. */

let t: TestApp;
const logs = new LogCapture();
let confidential: { clientId: string; secret: string; hash: string };

beforeAll(async () => {
  t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: logs });
  const { application, clientSecret } = await makeApplication(t, {
    grantTypes: ['client_credentials'],
  });
  const stored = await t
    .em()
    .findOneOrFail(Application, { id: application.id }, { populate: ['clientSecretHash'] });
  confidential = {
    clientId: application.clientId,
    secret: clientSecret!,
    hash: stored.clientSecretHash,
  };
});
afterAll(() => t.close());

const grant = { grant_type: 'client_credentials' };

function expectInvalidClient(result: Awaited<ReturnType<typeof postForm>>) {
  expect(result.response.statusCode).toBe(401);
  expect(result.body).toMatchObject({ error: 'invalid_client' });
  expect(result.response.headers['www-authenticate']).toBe(`Basic realm="${t.config.realm}"`);
  expect(result.response.headers['cache-control']).toBe('no-store');
}

test('Basic with the right secret authenticates', async () => {
  const { response, body } = await postForm(t, '/o/token', grant, {
    authorization: basic(confidential.clientId, confidential.secret),
  });
  expect(response.statusCode).toBe(200);
  expect(body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
});

test('credentials in the body authenticate', async () => {
  const { response } = await postForm(t, '/o/token', {
    ...grant,
    client_id: confidential.clientId,
    client_secret: confidential.secret,
  });
  expect(response.statusCode).toBe(200);
});

test('Basic id and secret are form-url-decoded (RFC 6749 §2.3.1)', async () => {
  const { application } = await makeApplication(t, { grantTypes: ['client_credentials'] });
  const secret = 'a b+c:d%e&f=g/é';
  const em = t.em();
  await em.nativeUpdate(
    Application,
    { id: application.id },
    { clientSecretHash: await hashPassword(secret) },
  );

  const encoded = basic(application.clientId, secret);
  const ok = await postForm(t, '/o/token', grant, { authorization: encoded });
  expect(ok.response.statusCode).toBe(200);

  // The same secret Base64-encoded without the form-encoding is a different secret.
  const raw = `Basic ${Buffer.from(`${application.clientId}:${secret}`).toString('base64')}`;
  expectInvalidClient(await postForm(t, '/o/token', grant, { authorization: raw }));
});

test('a wrong secret is invalid_client with a Basic challenge', async () => {
  expectInvalidClient(
    await postForm(t, '/o/token', grant, { authorization: basic(confidential.clientId, 'wrong') }),
  );
  expectInvalidClient(
    await postForm(t, '/o/token', {
      ...grant,
      client_id: confidential.clientId,
      client_secret: 'wrong',
    }),
  );
});

test('the stored hash presented as the secret fails', async () => {
  expect(confidential.hash).toMatch(/^scrypt\$/);
  expectInvalidClient(
    await postForm(t, '/o/token', grant, {
      authorization: basic(confidential.clientId, confidential.hash),
    }),
  );
});

test('an unknown client fails like a wrong secret', async () => {
  expectInvalidClient(
    await postForm(t, '/o/token', grant, { authorization: basic('no-such-client', 'secret') }),
  );
  expectInvalidClient(
    await postForm(t, '/o/token', grant, { authorization: basic('x'.repeat(500), 'secret') }),
  );
});

test.each([
  ['bad base64', 'Basic !!!not-base64!!!'],
  ['base64 of the wrong length', 'Basic YWJjZA'],
  ['no colon', `Basic ${Buffer.from('just-an-id').toString('base64')}`],
  ['an empty client id', `Basic ${Buffer.from(':secret').toString('base64')}`],
  ['no credentials after the scheme', 'Basic'],
])('Basic with %s is invalid_client', async (_name, authorization) => {
  expectInvalidClient(await postForm(t, '/o/token', grant, { authorization }));
});

test('no client authentication at all is invalid_client', async () => {
  expectInvalidClient(await postForm(t, '/o/token', grant));
});

test('a confidential client sending only its id is invalid_client', async () => {
  expectInvalidClient(
    await postForm(t, '/o/token', { ...grant, client_id: confidential.clientId }),
  );
});

test('two authentication methods at once are invalid_request', async () => {
  const both = await postForm(
    t,
    '/o/token',
    { ...grant, client_id: confidential.clientId, client_secret: confidential.secret },
    { authorization: basic(confidential.clientId, confidential.secret) },
  );
  expect(both.response.statusCode).toBe(400);
  expect(both.body).toMatchObject({ error: 'invalid_request' });

  const otherId = await postForm(
    t,
    '/o/token',
    { ...grant, client_id: 'someone-else' },
    { authorization: basic(confidential.clientId, confidential.secret) },
  );
  expect(otherId.body).toMatchObject({ error: 'invalid_request' });

  const sameId = await postForm(
    t,
    '/o/token',
    { ...grant, client_id: confidential.clientId },
    { authorization: basic(confidential.clientId, confidential.secret) },
  );
  expect(sameId.response.statusCode).toBe(200);
});

test('a secret without a client id is invalid_request', async () => {
  const { body } = await postForm(t, '/o/token', { ...grant, client_secret: 'x' });
  expect(body).toMatchObject({ error: 'invalid_request' });
});

test('a public client sending a secret is invalid_client', async () => {
  const { application } = await makeApplication(t, {
    clientType: 'public',
    grantTypes: ['password'],
  });
  expectInvalidClient(
    await postForm(
      t,
      '/o/token',
      { grant_type: 'password', username: 'u', password: 'p' },
      { authorization: basic(application.clientId, 'anything') },
    ),
  );
});

test('each failure logs one line with the client id and reason, never the secret', async () => {
  logs.lines.length = 0;
  await postForm(t, '/o/token', grant, {
    authorization: basic(confidential.clientId, 'a-wrong-secret-value'),
  });

  const failures = logs.events('client_auth_failed');
  expect(failures).toHaveLength(1);
  expect(failures[0]).toMatchObject({
    clientId: confidential.clientId,
    method: 'client_secret_basic',
    reason: 'wrong_secret',
  });
  expect(logs.raw).not.toContain('a-wrong-secret-value');
  expect(logs.raw).not.toContain(confidential.secret);
});
