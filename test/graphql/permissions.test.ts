import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import type { Application, User } from '../../src/entities';
import { bearer, errorCodes, login } from '../graphql/support';

/**
 * The shield rules on every admin operation: who may call it, and which scope a token caller
 * needs (django-oauth-toolkit's read/write scope permission).
 */

let t: TestApp;
let application: Application;
let plain: User;
let counter = 0;

interface Operation {
  name: string;
  kind: 'query' | 'mutation';
  /** Staff only, or any logged-in user. */
  staffOnly: boolean;
  /** A fresh, valid request each time, so a successful call can be repeated. */
  request: () => Promise<{ query: string; variables?: Record<string, unknown> }>;
}

const operations: Operation[] = [
  {
    name: 'applications',
    kind: 'query',
    staffOnly: true,
    request: async () => ({ query: '{ applications { edges { node { id } } } }' }),
  },
  {
    name: 'accessTokens',
    kind: 'query',
    staffOnly: true,
    request: async () => ({ query: '{ accessTokens { edges { node { id } } } }' }),
  },
  {
    name: 'myAccessTokens',
    kind: 'query',
    staffOnly: false,
    request: async () => ({ query: '{ myAccessTokens { edges { node { id } } } }' }),
  },
  {
    name: 'createUser',
    kind: 'mutation',
    staffOnly: true,
    request: async () => ({
      query: `mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`,
      variables: { input: { username: `created${++counter}`, password: 'long enough' } },
    }),
  },
  {
    name: 'createApplication',
    kind: 'mutation',
    staffOnly: true,
    request: async () => ({
      query: `mutation ($input: CreateApplicationInput!) {
        createApplication(input: $input) { application { id } }
      }`,
      variables: { input: { name: 'app', clientType: 'CONFIDENTIAL', grantTypes: ['PASSWORD'] } },
    }),
  },
  {
    name: 'issueAccessToken',
    kind: 'mutation',
    staffOnly: true,
    request: async () => ({
      query: `mutation ($input: IssueAccessTokenInput!) {
        issueAccessToken(input: $input) { accessToken { id } }
      }`,
      variables: { input: { applicationId: String(application.id), userId: String(plain.id) } },
    }),
  },
  {
    name: 'revokeAccessToken',
    kind: 'mutation',
    staffOnly: false,
    // The token belongs to the plain user, so staff and its owner may both revoke it.
    request: async () => ({
      query: 'mutation ($id: ID!) { revokeAccessToken(id: $id) { accessToken { id } } }',
      variables: { id: String((await makeToken(t, application, plain)).id) },
    }),
  },
];

const queries = operations.filter((op) => op.kind === 'query');
const mutations = operations.filter((op) => op.kind === 'mutation');
const staffOnly = operations.filter((op) => op.staffOnly);

async function call(op: Operation, headers: Record<string, string> = {}) {
  const { query, variables } = await op.request();
  return gql(t, query, { variables, headers });
}

const credentials: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  t = await createTestApp();
  ({ application } = await makeApplication(t));

  plain = await makeUser(t, 'plain');
  const staff = await makeUser(t, 'staff', { isStaff: true });
  await makeUser(t, 'super', { isSuperuser: true });

  credentials.plainSession = { cookie: await login(t, 'plain') };
  credentials.staffSession = { cookie: await login(t, 'staff') };
  credentials.superSession = { cookie: await login(t, 'super') };
  const token = async (user: User, scopes: string[]) =>
    bearer((await makeToken(t, application, user, { scopes })).token);
  credentials.plainReadWrite = await token(plain, ['read', 'write']);
  credentials.staffReadWrite = await token(staff, ['read', 'write']);
  credentials.staffRead = await token(staff, ['read']);
  credentials.staffWrite = await token(staff, ['write']);
  credentials.staffIntrospection = await token(staff, ['introspection']);
});
afterAll(() => t.close());

describe.each(operations.map((op) => [op.name, op] as const))('%s', (_name, op) => {
  test('anonymous: UNAUTHENTICATED with the plain challenge', async () => {
    const { response, body } = await call(op);
    expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
    expect(body.data).toBeNull();
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
  });

  test('staff by session: allowed', async () => {
    const { body } = await call(op, credentials.staffSession);
    expect(body.errors).toBeUndefined();
    expect(body.data?.[op.name]).toBeTruthy();
  });

  test('superuser by session: allowed', async () => {
    const { body } = await call(op, credentials.superSession);
    expect(body.errors).toBeUndefined();
    expect(body.data?.[op.name]).toBeTruthy();
  });

  test('staff by token with read and write: allowed', async () => {
    const { body } = await call(op, credentials.staffReadWrite);
    expect(body.errors).toBeUndefined();
    expect(body.data?.[op.name]).toBeTruthy();
  });
});

describe.each(staffOnly.map((op) => [op.name, op] as const))('%s (staff only)', (_name, op) => {
  test.each(['plainSession', 'plainReadWrite'])(
    'a non-staff user (%s): FORBIDDEN, no challenge',
    async (who) => {
      const { response, body } = await call(op, credentials[who]);
      expect(errorCodes(body)).toEqual(['FORBIDDEN']);
      expect(body.errors?.[0]?.extensions?.reason).toBeUndefined();
      expect(body.data).toBeNull();
      expect(response.headers['www-authenticate']).toBeUndefined();
    },
  );
});

describe('operations open to any logged-in user', () => {
  test('myAccessTokens works for a non-staff user by session and by token', async () => {
    const op = operations.find((o) => o.name === 'myAccessTokens')!;
    for (const who of ['plainSession', 'plainReadWrite']) {
      const { body } = await call(op, credentials[who]);
      expect(body.errors).toBeUndefined();
    }
  });

  test('revokeAccessToken works for the owner by session and by token', async () => {
    const op = operations.find((o) => o.name === 'revokeAccessToken')!;
    for (const who of ['plainSession', 'plainReadWrite']) {
      const { body } = await call(op, credentials[who]);
      expect(body.errors).toBeUndefined();
    }
  });
});

describe.each(mutations.map((op) => [op.name, op] as const))('mutation %s', (_name, op) => {
  test.each(['staffRead', 'staffIntrospection'])(
    'a staff token without write (%s): insufficient_scope',
    async (who) => {
      const { response, body } = await call(op, credentials[who]);

      expect(errorCodes(body)).toEqual(['FORBIDDEN']);
      expect(body.errors?.[0]?.extensions).toMatchObject({
        reason: 'insufficient_scope',
        scope: 'write',
      });
      expect(body.data).toBeNull();
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="api", error="insufficient_scope", scope="write"',
      );
    },
  );

  test('a staff token with write only: allowed', async () => {
    const { body } = await call(op, credentials.staffWrite);
    expect(body.errors).toBeUndefined();
  });
});

describe.each(queries.map((op) => [op.name, op] as const))('query %s', (_name, op) => {
  test.each(['staffWrite', 'staffIntrospection'])(
    'a staff token without read (%s): insufficient_scope',
    async (who) => {
      const { response, body } = await call(op, credentials[who]);

      expect(errorCodes(body)).toEqual(['FORBIDDEN']);
      expect(body.errors?.[0]?.extensions).toMatchObject({
        reason: 'insufficient_scope',
        scope: 'read',
      });
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="api", error="insufficient_scope", scope="read"',
      );
    },
  );

  test('a staff token with read only: allowed', async () => {
    const { body } = await call(op, credentials.staffRead);
    expect(body.errors).toBeUndefined();
  });
});

describe('secret', () => {
  test.each(['plainSession', 'plainReadWrite', 'staffWrite', 'staffIntrospection'])(
    'needs only a user, whatever the scopes (%s)',
    async (who) => {
      const { body } = await gql(t, '{ secret }', { headers: credentials[who] });
      expect(body).toEqual({ data: { secret: 'Secret contents!' } });
    },
  );
});

describe('a forbidden operation does not run', () => {
  test('createUser refused by scope creates no user', async () => {
    const { body } = await gql(
      t,
      'mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } } }',
      {
        variables: { input: { username: 'never-created', password: 'long enough' } },
        headers: credentials.staffRead,
      },
    );
    expect(errorCodes(body)).toEqual(['FORBIDDEN']);

    const rows = await t
      .em()
      .getConnection()
      .execute("select id from users where username = 'never-created'");
    expect(rows).toHaveLength(0);
  });
});
