import { createTestApp, makeApplication, makeToken, makeUser, type TestApp } from '../helpers/app';
import { PLAIN_CHALLENGE, bearer, errorCodes, login } from './support';

/**
 * Apollo's CSRF prevention with Authorization counted as a preflight header: the tutorial's
 * `curl -H "Authorization: Bearer …" -X GET` works, while a bare GET (a link, an <img>, a form)
 * is refused before it executes, even when the browser attaches the session cookie.
 */

let t: TestApp;
let token: string;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  const alice = await makeUser(t, 'alice');
  const { application } = await makeApplication(t);
  ({ token } = await makeToken(t, application, alice, { token: '123456' }));
  cookie = await login(t, 'alice');
});
afterAll(() => t.close());

const get = (query: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(query)}`, headers });

test('the tutorial’s GET with a Bearer header reads the secret', async () => {
  const response = await get('{secret}', { authorization: 'Bearer 123456' });
  expect(response.statusCode).toBe(200);
  expect(response.body).toBe('{"data":{"secret":"Secret contents!"}}\n');
});

test('a bare GET is refused as possible CSRF, before it executes', async () => {
  const response = await get('{secret}');
  expect(response.statusCode).toBe(400);
  expect(response.body).not.toContain('Secret contents!');
  expect(response.body).toMatch(/CSRF/i);
});

test('a bare GET carrying the session cookie is refused too', async () => {
  const response = await get('{secret}', { cookie });
  expect(response.statusCode).toBe(400);
  expect(response.body).not.toContain('Secret contents!');
});

test('a cross-site form POST with the session cookie is refused', async () => {
  const response = await t.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { cookie, 'content-type': 'text/plain' },
    payload: JSON.stringify({ query: '{ secret }' }),
  });
  expect(response.statusCode).toBe(400);
  expect(response.body).not.toContain('Secret contents!');
});

test('a GET with the session cookie and a preflight header works', async () => {
  const response = await get('{secret}', { cookie, 'apollo-require-preflight': '1' });
  expect(response.json()).toEqual({ data: { secret: 'Secret contents!' } });
});

test('a GET with apollo-require-preflight and no credentials gets UNAUTHENTICATED', async () => {
  const response = await get('{secret}', { 'apollo-require-preflight': '1' });

  expect(errorCodes(response.json())).toEqual(['UNAUTHENTICATED']);
  expect(response.headers['www-authenticate']).toBe(PLAIN_CHALLENGE);
});

test('a GET with an unknown token gets UNAUTHENTICATED and invalid_token', async () => {
  const response = await get('{secret}', bearer('unknown'));

  expect(errorCodes(response.json())).toEqual(['UNAUTHENTICATED']);
  expect(response.headers['www-authenticate']).toBe('Bearer realm="api", error="invalid_token"');
});

test.each([
  ['with a token', () => bearer(token)],
  ['with the cookie and a preflight header', () => ({ cookie, 'apollo-require-preflight': '1' })],
])('a mutation over GET is refused %s', async (_name, headers) => {
  const response = await get('mutation { logout }', headers());
  expect(response.statusCode).toBe(405);
  expect(response.body).not.toContain('"logout":true');

  // The session survived: the mutation never ran.
  const me = await get('{ me { username } }', { cookie, 'apollo-require-preflight': '1' });
  expect(me.json()).toEqual({ data: { me: { username: 'alice' } } });
});
