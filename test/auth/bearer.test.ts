import { parseAuthorization } from '../../src/auth/bearer';
import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import { PLAIN_CHALLENGE, errorCodes } from '../graphql/support';

/** RFC 6750 §2.1 and RFC 7235 §2.1: how the Authorization header is read. */

describe('parseAuthorization', () => {
  test.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    ['bEaReR abc', 'abc'],
    ['Bearer    abc', 'abc'],
    ['Bearer a-b.c_d~e+f/g==', 'a-b.c_d~e+f/g=='],
  ])('%j carries the token %j', (header, token) => {
    expect(parseAuthorization(header)).toEqual({ kind: 'bearer', token });
  });

  test.each([undefined, ''])('%j is no credential', (header) => {
    expect(parseAuthorization(header)).toEqual({ kind: 'none' });
  });

  test.each([
    ['Basic', 'Basic YWxpY2U6d29uZGVybGFuZA=='],
    ['a bare scheme', 'Bearer'],
    ['a scheme and a space', 'Bearer '],
    ['two credentials', 'Bearer abc def'],
    ['a trailing space', 'Bearer abc '],
    ['a tab separator', 'Bearer\tabc'],
    ['a space then a tab', 'Bearer \tabc'],
    ['a leading space', ' Bearer abc'],
    ['another scheme that starts like it', 'Bearerx abc'],
    ['padding in the middle', 'Bearer ab=c'],
    ['a comma list', 'Bearer abc, Basic xyz'],
    ['a quoted token', 'Bearer "abc"'],
    ['10 kB of token characters', `Bearer ${'a'.repeat(10 * 1024)}`],
    ['10 kB of junk', `Bearer ${'%$#@!'.repeat(2048)}`],
    ['non-ASCII', 'Bearer tökén'],
    ['raw high bytes', `Bearer ${Buffer.from('tökén', 'utf8').toString('latin1')}`],
    ['a NUL byte', 'Bearer abc\u0000'],
  ])('%s is not a bearer credential', (_name, header) => {
    expect(parseAuthorization(header)).toEqual({ kind: 'other' });
  });

  test('a repeated header is not a bearer credential', () => {
    expect(parseAuthorization(['Bearer abc', 'Bearer def'])).toEqual({ kind: 'other' });
  });

  test('accepts a token of the maximum length and refuses one character more', () => {
    expect(parseAuthorization(`Bearer ${'a'.repeat(2048)}`).kind).toBe('bearer');
    expect(parseAuthorization(`Bearer ${'a'.repeat(2049)}`).kind).toBe('other');
  });
});

describe('the Authorization header over HTTP', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    const alice = await makeUser(t, 'alice');
    const { application } = await makeApplication(t);
    ({ token } = await makeToken(t, application, alice));
  });
  afterAll(() => t.close());

  const secretWith = (headers: Record<string, string>) => gql(t, '{ secret }', { headers });

  test.each([
    ['Bearer', (tk: string) => `Bearer ${tk}`],
    ['bearer', (tk: string) => `bearer ${tk}`],
    ['BEARER', (tk: string) => `BEARER ${tk}`],
    ['several spaces', (tk: string) => `Bearer     ${tk}`],
  ])('a valid token authenticates with %s', async (_name, header) => {
    const { response, body } = await secretWith({ authorization: header(token) });
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ data: { secret: 'Secret contents!' } });
  });

  test.each([
    ['Basic', () => 'Basic YWxpY2U6Y29ycmVjdCBob3JzZQ=='],
    ['a bare Bearer', () => 'Bearer'],
    ['two credentials', (tk: string) => `Bearer ${tk} ${tk}`],
    ['a tab separator', (tk: string) => `Bearer\t${tk}`],
    ['10 kB of junk', () => `Bearer ${'x!'.repeat(5 * 1024)}`],
    ['10 kB of token characters', () => `Bearer ${'a'.repeat(10 * 1024)}`],
    ['non-ASCII', () => 'Bearer tökén'],
    ['raw UTF-8 bytes', () => `Bearer ${Buffer.from('jeton-é-🔑', 'utf8').toString('latin1')}`],
  ])('%s leaves the request anonymous, never a 500', async (_name, header) => {
    const { response, body } = await secretWith({ authorization: header(token) });

    expect(response.statusCode).toBe(200);
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
    // Not a bearer credential at all, so the challenge is the one for a request without one.
    expect(response.headers['www-authenticate']).toBe(PLAIN_CHALLENGE);
  });

  test('malformed headers leave public fields answering', async () => {
    const { response, body } = await gql(t, '{ me { username } }', {
      headers: { authorization: `Bearer ${token} extra` },
    });
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ data: { me: null } });
  });

  test('a token in the query string is not accepted', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/graphql?access_token=${encodeURIComponent(token)}`,
      headers: { 'content-type': 'application/json' },
      payload: { query: '{ secret }' },
    });
    expect(errorCodes(response.json())).toEqual(['UNAUTHENTICATED']);
  });

  test('a token in a GET query string is not accepted', async () => {
    const query = encodeURIComponent('{ secret }');
    const response = await t.app.inject({
      method: 'GET',
      url: `/graphql?query=${query}&access_token=${encodeURIComponent(token)}`,
      headers: { 'apollo-require-preflight': '1' },
    });
    expect(errorCodes(response.json())).toEqual(['UNAUTHENTICATED']);
  });

  test('a token in the JSON body is not accepted', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: { query: '{ secret }', access_token: token },
    });
    expect(errorCodes(response.json())).toEqual(['UNAUTHENTICATED']);
  });

  test('a token in a form body is not accepted', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'apollo-require-preflight': '1',
      },
      payload: `query=${encodeURIComponent('{ secret }')}&access_token=${encodeURIComponent(token)}`,
    });
    expect(response.statusCode).toBeLessThan(500);
    expect(response.body).not.toContain('Secret contents!');
  });
});
