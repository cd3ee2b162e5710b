import { createHash } from 'node:crypto';
import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { Grant, type Application, type User } from '../../src/entities';
import {
  CookieJar,
  authorizeUrl,
  browse,
  readForm,
  redirectParams,
  signedIn,
  without,
} from './authorizeWalk';

/**
 * The authorization endpoint (RFC 6749 §4.1.1) through its pages: what is refused with a page,
 * what is refused with a redirect, the login and consent steps and their CSRF protection.
 */

const REDIRECT = 'https://client.example/callback';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

let t: TestApp;
let alice: User;
let app: Application;

beforeAll(async () => {
  t = await createTestApp();
  alice = await makeUser(t, 'alice', { password: 'wonderland' });
  ({ application: app } = await makeApplication(t, {
    name: 'Photo printer',
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: [REDIRECT, 'https://client.example/other'],
  }));
});
afterAll(() => t.close());

/** A valid request of `app`, with S256 PKCE and a state. */
const request = (overrides: Record<string, string> = {}) => ({
  response_type: 'code',
  client_id: app.clientId,
  redirect_uri: REDIRECT,
  scope: 'read write',
  state: 'xyz',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  ...overrides,
});

const grantCount = () => t.em().count(Grant, {});

function expectErrorPage(response: Awaited<ReturnType<typeof browse>>, status = 400) {
  expect(response.statusCode).toBe(status);
  expect(response.headers.location).toBeUndefined();
  expect(response.headers['content-type']).toMatch(/^text\/html/);
}

describe('refused with a page, never a redirect', () => {
  test.each([
    ['an extra query parameter', `${REDIRECT}?next=https://evil.example`],
    ['a fragment', `${REDIRECT}#frag`],
    ['user-info', 'https://attacker@client.example/callback'],
    ['another path', 'https://client.example/callback/evil'],
    ['another host', 'https://evil.example/callback'],
    ['a trailing slash', `${REDIRECT}/`],
    ['another scheme', 'http://client.example/callback'],
  ])('a redirect_uri with %s', async (_case, redirectUri) => {
    const response = await browse(t, new CookieJar(), {
      method: 'GET',
      url: authorizeUrl(request({ redirect_uri: redirectUri })),
    });
    expectErrorPage(response);
    expect(response.body).toContain('invalid_request');
  });

  test('an unknown client', async () => {
    const response = await browse(t, new CookieJar(), {
      method: 'GET',
      url: authorizeUrl(request({ client_id: 'no-such-client' })),
    });
    expectErrorPage(response);
    expect(response.body).toContain('invalid_client');
  });

  test('no client_id, or client_id sent twice', async () => {
    const rest = without(request(), 'client_id');
    expectErrorPage(await browse(t, new CookieJar(), { method: 'GET', url: authorizeUrl(rest) }));

    const twice = `${authorizeUrl(request())}&client_id=${app.clientId}`;
    expectErrorPage(await browse(t, new CookieJar(), { method: 'GET', url: twice }));
  });

  test('no redirect_uri when the application registered several', async () => {
    const rest = without(request(), 'redirect_uri');
    expectErrorPage(await browse(t, new CookieJar(), { method: 'GET', url: authorizeUrl(rest) }));
  });

  test('even a bad response_type is not redirected while the redirect_uri is wrong', async () => {
    const response = await browse(t, new CookieJar(), {
      method: 'GET',
      url: authorizeUrl(request({ response_type: 'token', redirect_uri: 'https://evil.example/' })),
    });
    expectErrorPage(response);
  });

  test('error pages forbid framing and escape what they show', async () => {
    const response = await browse(t, new CookieJar(), {
      method: 'GET',
      url: authorizeUrl(request({ client_id: '<script>alert(1)</script>' })),
    });
    expectErrorPage(response);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.body).not.toContain('<script>');
  });
});

describe('redirect URI matching', () => {
  test('without redirect_uri, the only registered URI is used', async () => {
    const { application } = await makeApplication(t, {
      grantTypes: ['authorization_code'],
      redirectUris: [REDIRECT],
      skipAuthorization: true,
    });
    const jar = await signedIn(t, alice);
    const rest = without(request({ client_id: application.clientId }), 'redirect_uri');
    const response = await browse(t, jar, { method: 'GET', url: authorizeUrl(rest) });

    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toMatch(new RegExp(`^${REDIRECT}\\?code=`));
  });

  test.each([
    ['http://127.0.0.1/callback', 'http://127.0.0.1:53124/callback'],
    ['http://127.0.0.1:8000/callback', 'http://127.0.0.1:9/callback'],
    ['http://[::1]/callback', 'http://[::1]:61000/callback'],
    ['http://localhost/callback', 'http://localhost:3000/callback'],
  ])('loopback %s matches any port: %s', async (registered, requested) => {
    const { application } = await makeApplication(t, {
      clientType: 'public',
      grantTypes: ['authorization_code'],
      redirectUris: [registered],
      skipAuthorization: true,
    });
    const jar = await signedIn(t, alice);
    const response = await browse(t, jar, {
      method: 'GET',
      url: authorizeUrl(request({ client_id: application.clientId, redirect_uri: requested })),
    });

    expect(response.statusCode).toBe(302);
    expect(response.headers.location?.startsWith(`${requested}?code=`)).toBe(true);
  });

  test.each([
    ['another path', 'http://127.0.0.1:5000/other'],
    ['another loopback host', 'http://localhost:5000/callback'],
    ['user-info', 'http://user@127.0.0.1:5000/callback'],
    ['an extra query parameter', 'http://127.0.0.1:5000/callback?x=1'],
    ['a fragment', 'http://127.0.0.1:5000/callback#x'],
    ['https', 'https://127.0.0.1:5000/callback'],
  ])('a loopback URI with %s does not match', async (_case, requested) => {
    const { application } = await makeApplication(t, {
      clientType: 'public',
      grantTypes: ['authorization_code'],
      redirectUris: ['http://127.0.0.1/callback'],
    });
    const response = await browse(t, new CookieJar(), {
      method: 'GET',
      url: authorizeUrl(request({ client_id: application.clientId, redirect_uri: requested })),
    });
    expectErrorPage(response);
  });

  test('a registered URI with its own query keeps it and gets the response appended', async () => {
    const registered = 'https://client.example/cb?tenant=7';
    const { application } = await makeApplication(t, {
      grantTypes: ['authorization_code'],
      redirectUris: [registered],
      skipAuthorization: true,
    });
    const jar = await signedIn(t, alice);
    const response = await browse(t, jar, {
      method: 'GET',
      url: authorizeUrl(request({ client_id: application.clientId, redirect_uri: registered })),
    });

    expect(response.headers.location).toMatch(/^https:\/\/client\.example\/cb\?tenant=7&code=/);
  });
});

describe('refused with a redirect to the client', () => {
  async function refusal(params: Record<string, string> | string) {
    const before = await grantCount();
    const response = await browse(t, await signedIn(t, alice), {
      method: 'GET',
      url: typeof params === 'string' ? params : authorizeUrl(params),
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location?.startsWith(`${REDIRECT}?`)).toBe(true);
    expect(await grantCount()).toBe(before);
    return redirectParams(response)!;
  }

  test('missing PKCE for a public client: invalid_request, with state and iss', async () => {
    const { application } = await makeApplication(t, {
      clientType: 'public',
      grantTypes: ['authorization_code'],
      redirectUris: [REDIRECT],
    });
    const rest = without(
      request({ client_id: application.clientId }),
      'code_challenge',
      'code_challenge_method',
    );
    const params = await refusal(rest);

    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('state')).toBe('xyz');
    expect(params.get('iss')).toBe(t.config.issuer);
    expect(params.get('code')).toBeNull();
  });

  test('PKCE stays optional for a confidential client by default', async () => {
    const rest = without(request(), 'code_challenge', 'code_challenge_method');
    const response = await browse(t, await signedIn(t, alice), {
      method: 'GET',
      url: authorizeUrl(rest),
    });
    expect(response.statusCode).toBe(200);
    expect(readForm(response.body).buttons.decision).toEqual(['allow', 'deny']);
  });

  test.each([
    ['plain, which is off by default', { code_challenge_method: 'plain' }],
    ['no method (meaning plain)', { code_challenge_method: '' }],
    ['an unknown method', { code_challenge_method: 'S512' }],
    ['a challenge that is too short', { code_challenge: 'abc' }],
    [
      'a challenge with characters outside the unreserved set',
      { code_challenge: `${CHALLENGE}+/` },
    ],
  ])('code_challenge with %s: invalid_request', async (_case, overrides) => {
    const params = await refusal(request(overrides));
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('iss')).toBe(t.config.issuer);
  });

  test('response_type other than code: unsupported_response_type', async () => {
    const params = await refusal(request({ response_type: 'token' }));
    expect(params.get('error')).toBe('unsupported_response_type');
    expect(params.get('state')).toBe('xyz');
  });

  test('no response_type: invalid_request', async () => {
    const rest = without(request(), 'response_type');
    expect((await refusal(rest)).get('error')).toBe('invalid_request');
  });

  test('an unknown scope: invalid_scope', async () => {
    expect((await refusal(request({ scope: 'read admin' }))).get('error')).toBe('invalid_scope');
  });

  test('a parameter other than client_id and redirect_uri sent twice: invalid_request', async () => {
    const params = await refusal(`${authorizeUrl(request())}&scope=read`);
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('state')).toBe('xyz');

    // With state itself repeated, no state can be echoed.
    const noState = await refusal(`${authorizeUrl(request())}&state=abc`);
    expect(noState.get('error')).toBe('invalid_request');
    expect(noState.has('state')).toBe(false);
  });

  test('an application without the authorization_code grant: unauthorized_client', async () => {
    const { application } = await makeApplication(t, {
      grantTypes: ['password'],
      redirectUris: [REDIRECT],
    });
    const params = await refusal(request({ client_id: application.clientId }));
    expect(params.get('error')).toBe('unauthorized_client');
  });
});
