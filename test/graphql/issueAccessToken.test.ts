import { createHash } from 'node:crypto';
import { createTestApp, gql, makeApplication, makeUser, type TestApp } from '../helpers/app';
import type { Application, User } from '../../src/entities';
import { bearer, errorCodes, login, sql, testClock, whoAmI } from './support';

/** The issueAccessToken mutation: a token shown once, stored as a checksum, with checked input. */

const ISSUE = `mutation ($input: IssueAccessTokenInput!) {
  issueAccessToken(input: $input) {
    token
    accessToken {
      id scopes createdAt expiresAt revokedAt isActive
      user { username }
      application { clientId }
    }
  }
}`;

interface Issued {
  token: string;
  accessToken: { id: string; scopes: string[]; expiresAt: string; [field: string]: unknown };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function staffApp(env: Record<string, string> = {}, now?: () => Date) {
  const t = await createTestApp({ env, now });
  await makeUser(t, 'admin', { isStaff: true });
  const cookie = await login(t, 'admin');
  const alice = await makeUser(t, 'alice');
  const { application } = await makeApplication(t);
  const issue = (input: Record<string, unknown>) =>
    gql(t, ISSUE, {
      variables: {
        input: { applicationId: String(application.id), userId: String(alice.id), ...input },
      },
      headers: { cookie },
    });
  return { t, alice, application, issue };
}

const tokenCount = async (t: TestApp) =>
  Number((await sql(t, 'select count(*) as n from access_tokens'))[0]?.n);

describe('in development mode', () => {
  const clock = testClock();
  let t: TestApp;
  let alice: User;
  let application: Application;
  let issue: (input: Record<string, unknown>) => ReturnType<typeof gql>;

  beforeAll(async () => {
    ({ t, alice, application, issue } = await staffApp({ NODE_ENV: 'development' }, clock.now));
  });
  afterAll(() => t.close());

  test('issues a token that is shown once and stored only as its SHA-256', async () => {
    const { body } = await issue({ scope: 'read write', expiresIn: 3600 });

    expect(body.errors).toBeUndefined();
    const issued = body.data?.issueAccessToken as Issued;
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.accessToken).toEqual({
      id: expect.any(String),
      scopes: ['read', 'write'],
      createdAt: clock.now().toISOString(),
      expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
      revokedAt: null,
      isActive: true,
      user: { username: 'alice' },
      application: { clientId: application.clientId },
    });

    const rows = await sql(t, 'select * from access_tokens where id = ?', [issued.accessToken.id]);
    expect(rows[0]?.checksum).toBe(sha256(issued.token));
    expect(JSON.stringify(rows)).not.toContain(issued.token);

    expect(await whoAmI(t, bearer(issued.token))).toBe('alice');
  });

  test('defaults to DEFAULT_SCOPES and ACCESS_TOKEN_EXPIRE_SECONDS', async () => {
    const { body } = await issue({});
    const issued = body.data?.issueAccessToken as Issued;
    expect(issued.accessToken.scopes).toEqual(['read']);
    expect(issued.accessToken.expiresAt).toBe(
      new Date(clock.now().getTime() + t.config.accessTokenLifetime * 1000).toISOString(),
    );
  });

  test('accepts a chosen value such as 123456, which then authenticates', async () => {
    const { body } = await issue({ token: '123456', scope: 'read write' });

    expect(body.errors).toBeUndefined();
    expect((body.data?.issueAccessToken as Issued).token).toBe('123456');
    expect(
      await sql(t, 'select id from access_tokens where checksum = ?', [sha256('123456')]),
    ).toHaveLength(1);

    const { body: secret } = await gql(t, '{ secret }', { headers: bearer('123456') });
    expect(secret).toEqual({ data: { secret: 'Secret contents!' } });
  });

  test('a chosen value already in use is CONFLICT', async () => {
    await issue({ token: 'chosen-twice' });
    const { body } = await issue({ token: 'chosen-twice' });
    expect(errorCodes(body)).toEqual(['CONFLICT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('token');
  });

  test.each(['has space', 'tökén', 'a'.repeat(2049), 'ab=c'])(
    'a chosen value that is no bearer token (%j) is BAD_USER_INPUT',
    async (token) => {
      const before = await tokenCount(t);
      const { body } = await issue({ token });
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors?.[0]?.extensions?.field).toBe('token');
      expect(await tokenCount(t)).toBe(before);
    },
  );

  test('without a user it issues the client’s own token', async () => {
    const { body } = await issue({ userId: null });
    const issued = body.data?.issueAccessToken as Issued;
    expect(issued.accessToken.user).toBeNull();
    expect(await whoAmI(t, bearer(issued.token))).toBeNull();
  });

  test.each([
    ['an unknown scope', { scope: 'read admin' }, 'scope'],
    ['a malformed scope', { scope: 'read  write' }, 'scope'],
    ['a scope with a quote', { scope: 'read"' }, 'scope'],
    ['a lifetime of 0', { expiresIn: 0 }, 'expiresIn'],
    ['a negative lifetime', { expiresIn: -5 }, 'expiresIn'],
    ['a lifetime over a year', { expiresIn: 365 * 24 * 3600 + 1 }, 'expiresIn'],
    ['a non-numeric application id', { applicationId: 'abc' }, 'applicationId'],
    ['a zero application id', { applicationId: '0' }, 'applicationId'],
    ['a negative application id', { applicationId: '-1' }, 'applicationId'],
    ['a huge application id', { applicationId: '9'.repeat(30) }, 'applicationId'],
    ['a non-numeric user id', { userId: 'alice' }, 'userId'],
  ])('%s is BAD_USER_INPUT naming the field, and issues nothing', async (_name, input, field) => {
    const before = await tokenCount(t);
    const { body } = await issue(input);

    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
    expect(body.data).toBeNull();
    expect(await tokenCount(t)).toBe(before);
  });

  test.each([
    ['application', { applicationId: '999999' }],
    ['user', { userId: '999999' }],
  ])('a missing %s is NOT_FOUND', async (_name, input) => {
    const { body } = await issue(input);
    expect(errorCodes(body)).toEqual(['NOT_FOUND']);
  });

  test('an inactive user gets no token', async () => {
    await sql(t, 'update users set is_active = false where id = ?', [alice.id]);
    try {
      const { body } = await issue({});
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors?.[0]?.extensions?.field).toBe('userId');
    } finally {
      await sql(t, 'update users set is_active = true where id = ?', [alice.id]);
    }
  });
});

describe('in production mode', () => {
  let t: TestApp;
  let issue: (input: Record<string, unknown>) => ReturnType<typeof gql>;

  beforeAll(async () => {
    ({ t, issue } = await staffApp({ NODE_ENV: 'production' }));
  });
  afterAll(() => t.close());

  test('refuses a chosen value, and stores nothing', async () => {
    const { body } = await issue({ token: '123456' });

    expect(errorCodes(body)).toEqual(['FORBIDDEN']);
    expect(await tokenCount(t)).toBe(0);

    const { body: secret } = await gql(t, '{ secret }', { headers: bearer('123456') });
    expect(errorCodes(secret)).toEqual(['UNAUTHENTICATED']);
  });

  test('still generates tokens', async () => {
    const { body } = await issue({});
    const issued = body.data?.issueAccessToken as Issued;
    expect(await whoAmI(t, bearer(issued.token))).toBe('alice');
  });
});
