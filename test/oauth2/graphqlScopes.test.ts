import { createTestApp, gql, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { readSecret, tokenRequest } from './helpers';

/** Tokens issued by the endpoints, used on the GraphQL API with its scope rules. */

let t: TestApp;
let app: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await createTestApp();
  await makeUser(t, 'alice', { password: 'wonderland' });
  const { application, clientSecret } = await makeApplication(t, { grantTypes: ['password'] });
  app = { clientId: application.clientId, clientSecret: clientSecret! };
});
afterAll(() => t.close());

const login = async (scope: string) => {
  const { body } = await tokenRequest(t, app, {
    grant_type: 'password',
    username: 'alice',
    password: 'wonderland',
    scope,
  });
  return body.access_token as string;
};

test('an endpoint-issued token reads { secret }', async () => {
  expect((await readSecret(t, await login('read'))).secret).toBe('Secret contents!');
});

test('a token lacking the needed scope gets FORBIDDEN and insufficient_scope', async () => {
  const token = await login('write');
  const { response, body } = await gql(
    t,
    '{ myAccessTokens(first: 5) { pageInfo { hasNextPage } } }',
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(response.headers['www-authenticate']).toBe(
    `Bearer realm="${t.config.realm}", error="insufficient_scope", scope="read"`,
  );
});

test('the same query works with the scope', async () => {
  const token = await login('read');
  const { body } = await gql(t, '{ myAccessTokens(first: 5) { pageInfo { hasNextPage } } }', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(body.errors).toBeUndefined();
  expect(body.data?.myAccessTokens).toBeDefined();
});
