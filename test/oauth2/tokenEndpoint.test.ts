import type { AppAuthorizedEvent } from '../../src/oauth2/events';
import { checksum } from '../../src/auth/tokens';
import { AccessToken, Application, RefreshToken } from '../../src/entities';
import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { LogCapture, basic, postForm, readSecret, tokenRequest } from './helpers';

/** POST /o/token: the request format, grant dispatch, scopes and the response (RFC 6749 §3.2). */

let t: TestApp;
const logs = new LogCapture();
let app: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: logs });
  await makeUser(t, 'alice', { password: 'wonderland' });
  const { application, clientSecret } = await makeApplication(t, {
    grantTypes: ['password', 'client_credentials', 'refresh_token'],
  });
  app = { clientId: application.clientId, clientSecret: clientSecret! };
});
afterAll(() => t.close());

const password = { grant_type: 'password', username: 'alice', password: 'wonderland' };

function expectError(result: Awaited<ReturnType<typeof postForm>>, error: string, status = 400) {
  expect(result.response.statusCode).toBe(status);
  expect(result.body).toMatchObject({ error, error_description: expect.any(String) });
  expect(result.response.headers['content-type']).toMatch(/^application\/json/);
  expect(result.response.headers['cache-control']).toBe('no-store');
}

describe('response format', () => {
  test('a success is RFC 6749 §5.1 JSON, never cached', async () => {
    const { response, body } = await tokenRequest(t, app, password);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: t.config.accessTokenLifetime,
      scope: 'read',
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
  });

  test('the database keeps only checksums', async () => {
    const { body } = await tokenRequest(t, app, password);
    const em = t.em();
    expect(await em.count(AccessToken, { checksum: body.access_token })).toBe(0);
    expect(await em.count(RefreshToken, { checksum: body.refresh_token })).toBe(0);
  });
});

describe('malformed requests are invalid_request', () => {
  test('a JSON body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/o/token',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...password, client_id: app.clientId }),
    });
    expectError({ response, body: response.json() }, 'invalid_request');
  });

  test('a text/plain or multipart body', async () => {
    for (const type of ['text/plain', 'multipart/form-data; boundary=x']) {
      const { response, body } = await postForm(t, '/o/token', password, { 'content-type': type });
      expectError({ response, body }, 'invalid_request');
    }
  });

  test('a missing grant_type', async () => {
    expectError(
      await tokenRequest(t, app, { username: 'alice', password: 'wonderland' }),
      'invalid_request',
    );
  });

  test('a repeated parameter (RFC 6749 §3.2)', async () => {
    const form = new URLSearchParams({ ...password, client_id: app.clientId });
    form.append('client_secret', app.clientSecret);
    form.append('scope', 'read');
    form.append('scope', 'write');
    expectError(await postForm(t, '/o/token', form.toString()), 'invalid_request');

    const twice = `grant_type=password&grant_type=password&username=alice&password=wonderland`;
    expectError(
      await postForm(t, '/o/token', twice, {
        authorization: basic(app.clientId, app.clientSecret),
      }),
      'invalid_request',
    );
  });

  test('a body over the size limit', async () => {
    const huge = new URLSearchParams({ ...password, padding: 'x'.repeat(100_000) });
    expectError(await postForm(t, '/o/token', huge.toString()), 'invalid_request');
  });

  test('no body at all', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/o/token' });
    expectError({ response, body: response.json() }, 'invalid_request');
  });
});

describe('grant dispatch', () => {
  test('an unknown grant type is unsupported_grant_type', async () => {
    expectError(await tokenRequest(t, app, { grant_type: 'implicit' }), 'unsupported_grant_type');
  });

  test('a grant the application does not list is unauthorized_client', async () => {
    const { application, clientSecret } = await makeApplication(t, {
      grantTypes: ['client_credentials'],
    });
    const client = { clientId: application.clientId, clientSecret };
    expectError(await tokenRequest(t, client, password), 'unauthorized_client');
    expectError(
      await tokenRequest(t, client, { grant_type: 'refresh_token', refresh_token: 'x' }),
      'unauthorized_client',
    );
  });

  test('client credentials are refused to a public client', async () => {
    const { application } = await makeApplication(t, {
      clientType: 'public',
      grantTypes: ['password'],
    });
    // createApplication refuses this combination; an application edited in the database
    // must still not get a token by naming itself.
    await t
      .em()
      .nativeUpdate(
        Application,
        { id: application.id },
        { grantTypes: ['password', 'client_credentials'] },
      );
    const client = { clientId: application.clientId, clientSecret: null };
    expectError(
      await tokenRequest(t, client, { grant_type: 'client_credentials' }),
      'unauthorized_client',
    );
  });
});

describe('password grant', () => {
  test('a wrong password or unknown user is invalid_grant', async () => {
    expectError(await tokenRequest(t, app, { ...password, password: 'nope' }), 'invalid_grant');
    expectError(await tokenRequest(t, app, { ...password, username: 'bob' }), 'invalid_grant');
  });

  test('missing credentials are invalid_request', async () => {
    expectError(
      await tokenRequest(t, app, { grant_type: 'password', username: 'alice' }),
      'invalid_request',
    );
  });

  test('no refresh token when the application does not allow refresh_token', async () => {
    const { application, clientSecret } = await makeApplication(t, { grantTypes: ['password'] });
    const { body } = await tokenRequest(
      t,
      { clientId: application.clientId, clientSecret },
      password,
    );
    expect(body.refresh_token).toBeUndefined();
    expect((await readSecret(t, body.access_token)).secret).toBe('Secret contents!');
  });
});

describe('scopes', () => {
  test('the default scopes when none is requested; the response always says which', async () => {
    const { body } = await tokenRequest(t, app, { grant_type: 'client_credentials' });
    expect(body.scope).toBe(t.config.defaultScopes.join(' '));
  });

  test('a requested configured scope is granted', async () => {
    const { body } = await tokenRequest(t, app, { ...password, scope: 'read write' });
    expect(body.scope).toBe('read write');
  });

  test('an unknown or malformed scope is invalid_scope', async () => {
    expectError(await tokenRequest(t, app, { ...password, scope: 'read admin' }), 'invalid_scope');
    expectError(await tokenRequest(t, app, { ...password, scope: 'read  write' }), 'invalid_scope');
  });
});

describe('events and logs', () => {
  test('appAuthorized fires once per issued token, and one log line says so', async () => {
    const seen: AppAuthorizedEvent[] = [];
    const listener = (event: AppAuthorizedEvent) => seen.push(event);
    t.services.events!.on('appAuthorized', listener);
    logs.lines.length = 0;

    const { body } = await tokenRequest(t, app, { ...password, scope: 'read write' });
    t.services.events!.off('appAuthorized', listener);

    const row = await t.em().findOneOrFail(AccessToken, { checksum: checksum(body.access_token) });
    expect(seen).toEqual([
      {
        clientId: app.clientId,
        userId: row.user!.id,
        grantType: 'password',
        scopes: ['read', 'write'],
        tokenId: row.id,
      },
    ]);
    const issued = logs.events('token_issued');
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ clientId: app.clientId, grantType: 'password' });
    expect(logs.raw).not.toContain(body.access_token);
    expect(logs.raw).not.toContain(body.refresh_token);
    expect(logs.raw).not.toContain('wonderland');
  });

  test('a throwing listener does not take the token away', async () => {
    const listener = () => {
      throw new Error('listener bug');
    };
    t.services.events!.on('appAuthorized', listener);
    const { response } = await tokenRequest(t, app, { grant_type: 'client_credentials' });
    t.services.events!.off('appAuthorized', listener);
    expect(response.statusCode).toBe(200);
  });
});
