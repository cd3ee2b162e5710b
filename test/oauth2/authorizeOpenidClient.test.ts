import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { CookieJar, readForm } from './authorizeWalk';
import { listen } from './helpers';

/**
 * The authorization code flow with PKCE end to end, driven by openid-client (an OAuth2 client
 * library written elsewhere) over real HTTP: discovery from the RFC 8414 metadata, the
 * authorization URL it builds, the login and consent pages walked as a browser would, the code
 * exchanged by the library (which checks `state` and `iss`), and the token used on `{ secret }`.
 */

type OpenidClient = typeof import('openid-client', { with: { 'resolution-mode': 'import' } });

let t: TestApp;
let oc: OpenidClient;
let issuer: string;

beforeAll(async () => {
  oc = await import('openid-client');
  t = await createTestApp();
  issuer = await listen(t);
  await makeUser(t, 'alice', { password: 'wonderland' });
});
afterAll(() => t.close());

/** A browser request: cookies carried, redirects not followed, so each step can be checked. */
async function visit(jar: CookieJar, url: string, form?: Record<string, string>) {
  const response = await fetch(new URL(url, issuer), {
    method: form ? 'POST' : 'GET',
    headers: {
      cookie: jar.header(),
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form) : undefined,
    redirect: 'manual',
  });
  jar.store(response.headers.getSetCookie());
  return { status: response.status, location: response.headers.get('location'), response };
}

/** Walks from the authorization URL through login and consent to the client's callback URL. */
async function approveAsAlice(authorizationUrl: URL): Promise<URL> {
  const jar = new CookieJar();

  const login = await visit(jar, authorizationUrl.href);
  expect(login.status).toBe(200);
  const loginForm = readForm(await login.response.text());
  const signedIn = await visit(jar, loginForm.action, {
    ...loginForm.fields,
    username: 'alice',
    password: 'wonderland',
  });
  expect(signedIn.status).toBe(303);

  const consent = await visit(jar, signedIn.location!);
  expect(consent.status).toBe(200);
  const consentForm = readForm(await consent.response.text());
  expect(consentForm.buttons.decision).toContain('allow');
  const allowed = await visit(jar, consentForm.action, {
    ...consentForm.fields,
    decision: 'allow',
  });
  expect(allowed.status).toBe(303);
  return new URL(allowed.location!);
}

async function readSecretOverHttp(accessToken: string) {
  const response = await fetch(`${issuer}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ query: '{ secret }' }),
  });
  return response.json();
}

test('a confidential client: discovery, PKCE S256, login, consent, code, { secret }', async () => {
  const redirectUri = 'https://client.example/callback';
  const { application, clientSecret } = await makeApplication(t, {
    name: 'Photo printer',
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: [redirectUri],
  });
  const config = await oc.discovery(
    new URL(issuer),
    application.clientId,
    undefined,
    oc.ClientSecretBasic(clientSecret!),
    { algorithm: 'oauth2', execute: [oc.allowInsecureRequests] },
  );
  expect(config.serverMetadata().authorization_endpoint).toBe(`${issuer}/o/authorize`);

  const verifier = oc.randomPKCECodeVerifier();
  const state = oc.randomState();
  const authorizationUrl = oc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'read write',
    code_challenge: await oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });

  const callback = await approveAsAlice(authorizationUrl);
  expect(callback.origin + callback.pathname).toBe(redirectUri);
  expect(callback.searchParams.get('iss')).toBe(issuer);

  const tokens = await oc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  expect(tokens.token_type).toBe('bearer');
  expect(tokens.scope).toBe('read write');
  expect(tokens.refresh_token).toEqual(expect.any(String));
  expect(await readSecretOverHttp(tokens.access_token)).toEqual({
    data: { secret: 'Secret contents!' },
  });

  // The library sees the second use of the code refused, and the first token stops working.
  await expect(
    oc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    }),
  ).rejects.toMatchObject({ error: 'invalid_grant' });
  expect(await readSecretOverHttp(tokens.access_token)).toMatchObject({
    errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
  });
});

test('a public native client on a loopback port, with PKCE and no secret', async () => {
  const { application } = await makeApplication(t, {
    name: 'Desktop app',
    clientType: 'public',
    grantTypes: ['authorization_code'],
    redirectUris: ['http://127.0.0.1/callback'],
  });
  const config = await oc.discovery(new URL(issuer), application.clientId, undefined, oc.None(), {
    algorithm: 'oauth2',
    execute: [oc.allowInsecureRequests],
  });

  const verifier = oc.randomPKCECodeVerifier();
  const state = oc.randomState();
  const authorizationUrl = oc.buildAuthorizationUrl(config, {
    redirect_uri: 'http://127.0.0.1:49152/callback',
    scope: 'read',
    code_challenge: await oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });

  const callback = await approveAsAlice(authorizationUrl);
  const tokens = await oc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  expect(tokens.scope).toBe('read');
  expect(tokens.refresh_token).toBeUndefined();
  expect(await readSecretOverHttp(tokens.access_token)).toEqual({
    data: { secret: 'Secret contents!' },
  });

  // A wrong verifier is refused as the RFC says, and the library reports it.
  const second = await approveAsAlice(
    oc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:49152/callback',
      code_challenge: await oc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    }),
  );
  await expect(
    oc.authorizationCodeGrant(config, second, {
      pkceCodeVerifier: oc.randomPKCECodeVerifier(),
      expectedState: state,
    }),
  ).rejects.toMatchObject({ error: 'invalid_grant' });
});
