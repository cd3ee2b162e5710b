import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import { User } from '../../src/entities';

/**
 * The log is read by more people than the database is. Every credential a client can send, in
 * every place it can send it, must stay out of it, while each request still leaves one line
 * saying what happened and for whom.
 */

/** Collects everything the app logs, line by line. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

const PASSWORD = 'pw-in-a-body-4711';
const CODE = 'authorization-code-9d2f';
const CODE_VERIFIER = 'code-verifier-0b7c0b7c0b7c0b7c0b7c0b7c0b7c0b7c0b7c0b7c0b7';
const REFRESH_TOKEN = 'refresh-token-51ac';
const LOGIN = `mutation ($username: String!, $password: String!) {
  login(username: $username, password: $password) { user { id } }
}`;

interface RequestLine {
  reqId: string;
  msg: string;
  route: string | null;
  method: string;
  statusCode: number;
  durationMs: number;
  userId?: number;
  clientId?: string;
}

describe('request logs', () => {
  const { lines, stream } = capture();
  let t: TestApp;
  let userId: number;
  let clientId: string;
  let clientSecret: string;
  let token: string;
  let cookie: string;
  let sent = 0;

  const send = async (options: InjectOptions) => {
    sent += 1;
    return t.app.inject(options);
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: stream });
    const alice = await makeUser(t, 'alice', { password: PASSWORD });
    userId = alice.id;
    const made = await makeApplication(t, {
      grantTypes: ['password', 'authorization_code'],
      redirectUris: ['http://127.0.0.1/cb'],
    });
    clientId = made.application.clientId;
    clientSecret = made.clientSecret!;
    ({ token } = await makeToken(t, made.application, alice));

    sent += 1;
    const { response } = await gql(t, LOGIN, {
      variables: { username: 'alice', password: PASSWORD },
    });
    const session = response.cookies.find((c) => c.name === t.config.sessionCookieName);
    cookie = session!.value;
  });

  afterAll(() => t.close());

  /** The secrets in the form they were sent, and the session key without its signature. */
  const secrets = () => [
    PASSWORD,
    token,
    cookie,
    cookie.split('.')[0]!,
    clientSecret,
    CODE,
    CODE_VERIFIER,
    REFRESH_TOKEN,
  ];

  const requestLines = () =>
    lines
      .map((line) => JSON.parse(line) as RequestLine)
      .filter((line) => line.msg === 'request completed');

  test('credentials sent in headers, cookies, query strings, variables and bodies stay out', async () => {
    const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };

    // Authorization and Cookie headers, on the GraphQL endpoint.
    await send({
      method: 'POST',
      url: '/graphql',
      headers: {
        authorization: `Bearer ${token}`,
        cookie: `${t.config.sessionCookieName}=${cookie}`,
        'content-type': 'application/json',
      },
      payload: { query: '{ secret }' },
    });
    // A token and a password in the query string, which the server ignores but must not log.
    await send({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ secret }')}&access_token=${token}&password=${PASSWORD}`,
      headers: { authorization: `Bearer ${token}` },
    });
    // A password written into the query text itself, and another in JSON variables.
    await send({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: {
        query: `mutation { login(username: "alice", password: "${PASSWORD}") { user { id } } }`,
        variables: { token, nested: { password: PASSWORD, refresh_token: REFRESH_TOKEN } },
      },
    });
    // A malformed JSON body is refused before any handler reads it.
    await send({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: `{"password": "${PASSWORD}", "token": "${token}"`,
    });
    // The token endpoint's grants, with the client secret in Basic and in the body.
    await send({
      method: 'POST',
      url: '/o/token',
      headers: { ...form, authorization: basic },
      payload: `grant_type=password&username=alice&password=${PASSWORD}&scope=read`,
    });
    await send({
      method: 'POST',
      url: '/o/token',
      headers: form,
      payload:
        `grant_type=authorization_code&code=${CODE}&code_verifier=${CODE_VERIFIER}` +
        `&client_id=${clientId}&client_secret=${clientSecret}&redirect_uri=http://127.0.0.1/cb`,
    });
    await send({
      method: 'POST',
      url: '/o/token',
      headers: { ...form, authorization: basic },
      payload: `grant_type=refresh_token&refresh_token=${REFRESH_TOKEN}`,
    });
    // A JSON body where the provider expects a form.
    await send({
      method: 'POST',
      url: '/o/token',
      headers: { 'content-type': 'application/json', authorization: basic },
      payload: { grant_type: 'password', username: 'alice', password: PASSWORD },
    });
    await send({
      method: 'POST',
      url: '/o/revoke_token',
      headers: { ...form, authorization: basic },
      payload: `token=${token}&token_type_hint=access_token`,
    });
    await send({
      method: 'POST',
      url: '/o/introspect',
      headers: { ...form, authorization: basic },
      payload: `token=${token}`,
    });
    // The authorization endpoint's login form, and a code in a query string.
    await send({
      method: 'POST',
      url: `/o/authorize?response_type=code&client_id=${clientId}&code_challenge=${CODE_VERIFIER}`,
      headers: { ...form, cookie: `${t.config.sessionCookieName}=${cookie}` },
      payload: `username=alice&password=${PASSWORD}&csrf_token=x`,
    });
    await send({ method: 'GET', url: `/no/such/route?code=${CODE}&token=${token}` });

    const output = lines.join('\n');
    expect(lines.length).toBeGreaterThan(sent);
    for (const secret of secrets()) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(encodeURIComponent(secret));
    }
  });

  test('each request leaves exactly one line with its id, route, status, duration and user', async () => {
    // The first test revoked `token` through /o/revoke_token; this request needs a live one.
    const { application } = await makeApplication(t, { name: 'second' });
    const fresh = await makeToken(t, application, await t.em().findOneOrFail(User, userId));
    const before = requestLines().length;
    const response = await send({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${fresh.token}`, 'content-type': 'application/json' },
      payload: { query: '{ secret }' },
    });
    expect(response.statusCode).toBe(200);

    const all = requestLines();
    expect(all).toHaveLength(sent);
    expect(all.slice(before)).toEqual([
      expect.objectContaining({
        reqId: response.headers['x-request-id'],
        route: '/graphql',
        method: 'POST',
        statusCode: 200,
        durationMs: expect.any(Number),
        userId,
        clientId: application.clientId,
      }),
    ]);
  });

  test('a request with a query string is logged by its route, and an unknown URL by its path', () => {
    const lines = requestLines();
    expect(lines).toContainEqual(
      expect.objectContaining({ route: '/graphql', method: 'GET', statusCode: 200, userId }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ route: null, path: '/no/such/route', statusCode: 404 }),
    );
  });
});

test('objects a handler might log, such as headers and bodies, have their credentials redacted', async () => {
  const { lines, stream } = capture();
  const t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: stream });
  try {
    t.app.log.info(
      {
        headers: { authorization: 'Bearer header-secret', cookie: 'sessionid=cookie-secret' },
        body: { password: 'body-password', client_secret: 'body-client-secret' },
        query: { code: 'query-code', refresh_token: 'query-refresh' },
        variables: { password: 'variables-password' },
        code: 'top-code',
      },
      'a careless line',
    );
    const output = lines.join('\n');
    expect(output).toContain('a careless line');
    for (const secret of [
      'header-secret',
      'cookie-secret',
      'body-password',
      'body-client-secret',
      'query-code',
      'query-refresh',
      'variables-password',
      'top-code',
    ]) {
      expect(output).not.toContain(secret);
    }
  } finally {
    await t.close();
  }
});

describe('pretty output', () => {
  test('LOG_FORMAT=pretty writes readable lines, redacted like the JSON ones', async () => {
    const { lines, stream } = capture();
    const t = await createTestApp({
      env: { LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' },
      logStream: stream,
    });
    try {
      const alice = await makeUser(t, 'alice');
      const { application } = await makeApplication(t);
      const { token } = await makeToken(t, application, alice);
      await gql(t, '{ secret }', { headers: { authorization: `Bearer ${token}` } });

      const output = lines.join('\n');
      expect(output).toContain('request completed');
      expect(() => JSON.parse(lines[0]!)).toThrow();
      expect(output).not.toContain(token);
    } finally {
      await t.close();
    }
  });
});

test('a client secret sent in place of the client id stays out of the log', async () => {
  const { lines, stream } = capture();
  const t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: stream });
  try {
    const { application, clientSecret } = await makeApplication(t);
    const swapped = Buffer.from(`${clientSecret}:${application.clientId}`).toString('base64');
    const response = await t.app.inject({
      method: 'POST',
      url: '/o/token',
      headers: {
        authorization: `Basic ${swapped}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'grant_type=client_credentials',
    });

    expect(response.statusCode).toBe(401);
    const output = lines.join('\n');
    expect(output).toContain('client_auth_failed');
    expect(output).not.toContain(clientSecret);
  } finally {
    await t.close();
  }
});
