import { createHash } from 'node:crypto';
import { parse } from 'node-html-parser';
import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { checksum } from '../../src/auth/tokens';
import { Grant, Session, type Application, type User } from '../../src/entities';
import {
  CookieJar,
  alertText,
  authorizeUrl,
  browse,
  readForm,
  redirectParams,
  signedIn,
  without,
} from './authorizeWalk';

/**
 * The steps a person goes through at the authorization endpoint: signing in, then allowing or
 * denying, and the protections of both forms against cross-site requests and framing.
 */

const REDIRECT = 'https://client.example/callback';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const NOW = new Date('2030-06-01T12:00:00Z');

let t: TestApp;
let alice: User;
let app: Application;

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(NOW) });
  alice = await makeUser(t, 'alice', { password: 'wonderland' });
  await makeUser(t, 'bob', { password: 'builder-bob' });
  ({ application: app } = await makeApplication(t, {
    name: 'Photo <b>printer</b> & co',
    grantTypes: ['authorization_code'],
    redirectUris: [REDIRECT],
  }));
});
afterAll(() => t.close());

const request = (overrides: Record<string, string> = {}) => ({
  response_type: 'code',
  client_id: app.clientId,
  redirect_uri: REDIRECT,
  scope: 'read write',
  state: 'state with spaces & symbols/?=é',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  ...overrides,
});

const grantCount = () => t.em().count(Grant, {});

/** Signs in through the login page; returns the consent page that follows. */
async function signInThroughPage(jar: CookieJar, params = request()) {
  const login = await browse(t, jar, { method: 'GET', url: authorizeUrl(params) });
  expect(login.statusCode).toBe(200);
  const form = readForm(login.body);
  const submitted = await browse(t, jar, {
    method: 'POST',
    url: form.action,
    form: { ...form.fields, username: 'alice', password: 'wonderland' },
  });
  expect(submitted.statusCode).toBe(303);
  return browse(t, jar, { method: 'GET', url: submitted.headers.location! });
}

describe('login page', () => {
  test('is shown without a session, and carries the request through to consent', async () => {
    const jar = new CookieJar();
    const login = await browse(t, jar, { method: 'GET', url: authorizeUrl(request()) });

    expect(login.statusCode).toBe(200);
    expect(login.headers['x-frame-options']).toBe('DENY');
    expect(login.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(login.headers['cache-control']).toBe('no-store');
    const form = readForm(login.body);
    expect(form).toMatchObject({ action: '/o/authorize', method: 'post' });
    expect(form.fields).toMatchObject({ ...request(), step: 'login', username: '' });
    expect(form.fields.csrf_token).toEqual(expect.any(String));

    const submitted = await browse(t, jar, {
      method: 'POST',
      url: form.action,
      form: { ...form.fields, username: 'alice', password: 'wonderland' },
    });
    expect(submitted.statusCode).toBe(303);
    const sessionCookie = [submitted.headers['set-cookie']]
      .flat()
      .find((cookie) => cookie?.startsWith(`${t.config.sessionCookieName}=`));
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);

    const location = new URL(submitted.headers.location!, 'http://server.test');
    expect(location.pathname).toBe('/o/authorize');
    expect(Object.fromEntries(location.searchParams)).toEqual(request());

    const consent = await browse(t, jar, { method: 'GET', url: submitted.headers.location! });
    expect(consent.statusCode).toBe(200);
    expect(readForm(consent.body).buttons.decision).toEqual(['allow', 'deny']);
  });

  test('a wrong password or an unknown user re-renders the form with one message', async () => {
    const attempts = [
      { username: 'alice', password: 'not-her-password' },
      { username: 'nobody', password: 'wonderland' },
    ];
    const sessionsBefore = await t.em().count(Session, {});
    const messages: (string | null)[] = [];
    for (const credentials of attempts) {
      const jar = new CookieJar();
      const login = await browse(t, jar, { method: 'GET', url: authorizeUrl(request()) });
      const response = await browse(t, jar, {
        method: 'POST',
        url: '/o/authorize',
        form: { ...readForm(login.body).fields, ...credentials },
      });

      expect(response.statusCode).toBe(200);
      expect(jar.has(t.config.sessionCookieName)).toBe(false);
      const form = readForm(response.body);
      expect(form.fields).toMatchObject({ step: 'login', username: credentials.username });
      expect(form.fields.password).toBe('');
      messages.push(alertText(response.body));
    }
    expect(messages[0]).toEqual(expect.any(String));
    expect(messages[1]).toBe(messages[0]);
    expect(await t.em().count(Session, {})).toBe(sessionsBefore);
  });

  test('a login post without the form’s CSRF token or cookie is refused', async () => {
    const jar = new CookieJar();
    const login = await browse(t, jar, { method: 'GET', url: authorizeUrl(request()) });
    const { csrf_token: token, ...fields } = readForm(login.body).fields;
    const credentials = { username: 'alice', password: 'wonderland' };
    const sessionsBefore = await t.em().count(Session, {});

    const noToken = await browse(t, jar, {
      method: 'POST',
      url: '/o/authorize',
      form: { ...fields, ...credentials },
    });
    expect(noToken.statusCode).toBe(403);

    // A cross-site POST carries no SameSite=Lax cookie, so even the right token fails.
    const noCookie = await browse(t, new CookieJar(), {
      method: 'POST',
      url: '/o/authorize',
      form: { ...fields, csrf_token: token!, ...credentials },
    });
    expect(noCookie.statusCode).toBe(403);
    expect(await t.em().count(Session, {})).toBe(sessionsBefore);
  });
});

describe('consent page', () => {
  test('names the application, the user and the scopes, escaped', async () => {
    const response = await browse(t, await signedIn(t, alice), {
      method: 'GET',
      url: authorizeUrl(request()),
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(response.body).not.toContain('<b>printer</b>');
    const page = parse(response.body);
    expect(page.querySelector('h1')?.text).toContain('Photo <b>printer</b> & co');
    expect(page.querySelector('main')?.text).toContain('alice');
    expect(page.querySelectorAll('ul.scopes code').map((code) => code.text)).toEqual([
      'read',
      'write',
    ]);
    expect(readForm(response.body).fields.state).toBe(request().state);
  });

  test('Allow redirects with the code, the state verbatim and iss; only a checksum is kept', async () => {
    const jar = new CookieJar();
    const consent = await signInThroughPage(jar);
    const form = readForm(consent.body);
    const response = await browse(t, jar, {
      method: 'POST',
      url: form.action,
      form: { ...form.fields, decision: 'allow' },
    });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location?.startsWith(`${REDIRECT}?code=`)).toBe(true);
    const params = redirectParams(response)!;
    expect(params.get('state')).toBe(request().state);
    expect(params.get('iss')).toBe(t.config.issuer);
    const code = params.get('code')!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const grant = await t.em().findOneOrFail(Grant, { checksum: checksum(code) });
    expect(grant).toMatchObject({
      redirectUri: REDIRECT,
      scope: 'read write',
      codeChallenge: CHALLENGE,
      codeChallengeMethod: 'S256',
      usedAt: null,
    });
    expect(grant.user.id).toBe(alice.id);
    expect(grant.expiresAt.getTime() - NOW.getTime()).toBe(60_000);
    expect(await t.em().count(Grant, { checksum: code })).toBe(0);
  });

  test('Deny redirects with access_denied, state and iss, and issues no code', async () => {
    const jar = new CookieJar();
    const form = readForm((await signInThroughPage(jar)).body);
    const before = await grantCount();
    const response = await browse(t, jar, {
      method: 'POST',
      url: form.action,
      form: { ...form.fields, decision: 'deny' },
    });

    expect(response.statusCode).toBe(303);
    const params = redirectParams(response)!;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe(request().state);
    expect(params.get('iss')).toBe(t.config.issuer);
    expect(params.has('code')).toBe(false);
    expect(await grantCount()).toBe(before);
  });

  test.each([
    ['missing', (fields: Record<string, string>) => ({ ...fields, csrf_token: '' })],
    ['wrong', (fields: Record<string, string>) => ({ ...fields, csrf_token: 'A'.repeat(43) })],
  ])('a consent post with the CSRF token %s is refused and issues no code', async (_c, edit) => {
    const jar = await signedIn(t, alice);
    const consent = await browse(t, jar, { method: 'GET', url: authorizeUrl(request()) });
    const before = await grantCount();
    const response = await browse(t, jar, {
      method: 'POST',
      url: '/o/authorize',
      form: { ...edit(readForm(consent.body).fields), decision: 'allow' },
    });

    expect(response.statusCode).toBe(403);
    expect(response.headers.location).toBeUndefined();
    expect(await grantCount()).toBe(before);
  });

  test('a CSRF token from another session does not carry over', async () => {
    const aliceJar = await signedIn(t, alice);
    const consent = await browse(t, aliceJar, { method: 'GET', url: authorizeUrl(request()) });
    const tokenOfAnotherSession = readForm(consent.body).fields.csrf_token!;

    const otherJar = await signedIn(t, alice);
    const before = await grantCount();
    const response = await browse(t, otherJar, {
      method: 'POST',
      url: '/o/authorize',
      form: { ...request(), step: 'consent', csrf_token: tokenOfAnotherSession, decision: 'allow' },
    });
    expect(response.statusCode).toBe(403);
    expect(await grantCount()).toBe(before);
  });

  test('a consent post without a session shows the login page', async () => {
    const consent = await browse(t, await signedIn(t, alice), {
      method: 'GET',
      url: authorizeUrl(request()),
    });
    const response = await browse(t, new CookieJar(), {
      method: 'POST',
      url: '/o/authorize',
      form: { ...readForm(consent.body).fields, decision: 'allow' },
    });
    expect(response.statusCode).toBe(200);
    expect(readForm(response.body).fields.step).toBe('login');
  });

  test('the request is validated again on submit', async () => {
    const jar = await signedIn(t, alice);
    const form = readForm(
      (await browse(t, jar, { method: 'GET', url: authorizeUrl(request()) })).body,
    );
    const response = await browse(t, jar, {
      method: 'POST',
      url: '/o/authorize',
      form: { ...form.fields, redirect_uri: 'https://evil.example/', decision: 'allow' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers.location).toBeUndefined();
  });

  test('skipAuthorization goes straight back with a code', async () => {
    const { application } = await makeApplication(t, {
      grantTypes: ['authorization_code'],
      redirectUris: [REDIRECT],
      skipAuthorization: true,
    });
    const response = await browse(t, await signedIn(t, alice), {
      method: 'GET',
      url: authorizeUrl(request({ client_id: application.clientId })),
    });

    expect(response.statusCode).toBe(302);
    const params = redirectParams(response)!;
    expect(params.get('code')).toEqual(expect.any(String));
    expect(params.get('iss')).toBe(t.config.issuer);
  });

  test('an authorization request may also be POSTed (RFC 6749 §3.1)', async () => {
    const response = await browse(t, await signedIn(t, alice), {
      method: 'POST',
      url: '/o/authorize',
      form: request(),
    });
    expect(response.statusCode).toBe(200);
    expect(readForm(response.body).fields.step).toBe('consent');
  });

  test('the stylesheet the pages link is served from this origin', async () => {
    const page = await browse(t, new CookieJar(), { method: 'GET', url: authorizeUrl(request()) });
    const href = parse(page.body).querySelector('link[rel=stylesheet]')?.getAttribute('href');
    const css = await t.app.inject({ method: 'GET', url: href! });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });
});

describe('with PKCE_ALLOW_PLAIN and PKCE_REQUIRED=all', () => {
  let strict: TestApp;
  let confidential: Application;
  beforeAll(async () => {
    strict = await createTestApp({ env: { PKCE_ALLOW_PLAIN: 'true', PKCE_REQUIRED: 'all' } });
    await makeUser(strict, 'carol');
    ({ application: confidential } = await makeApplication(strict, {
      grantTypes: ['authorization_code'],
      redirectUris: [REDIRECT],
      skipAuthorization: true,
    }));
  });
  afterAll(() => strict.close());

  test('plain is accepted and stored as plain', async () => {
    const carol = await strict.em().findOneOrFail('User', { username: 'carol' });
    const response = await browse(strict, await signedIn(strict, carol as User), {
      method: 'GET',
      url: authorizeUrl(
        request({
          client_id: confidential.clientId,
          code_challenge: VERIFIER,
          code_challenge_method: 'plain',
        }),
      ),
    });
    const code = redirectParams(response)!.get('code')!;
    const grant = await strict.em().findOneOrFail(Grant, { checksum: checksum(code) });
    expect(grant.codeChallengeMethod).toBe('plain');
  });

  test('a confidential client must use PKCE too', async () => {
    const rest = without(
      request({ client_id: confidential.clientId }),
      'code_challenge',
      'code_challenge_method',
    );
    const response = await browse(strict, new CookieJar(), {
      method: 'GET',
      url: authorizeUrl(rest),
    });
    expect(response.statusCode).toBe(302);
    expect(redirectParams(response)!.get('error')).toBe('invalid_request');
  });
});
