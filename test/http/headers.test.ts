import {
  createTestApp,
  gql,
  makeApplication,
  makeToken,
  makeUser,
  type TestApp,
} from '../helpers/app';
import { bearer, login } from '../graphql/support';

/**
 * Rule 7: every response depends on who asks, so every one carries `Vary: Authorization, Cookie`
 * and a shared cache never hands one user's answer to another.
 */

let t: TestApp;
let token: string;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp({ env: { INVALID_TOKEN: 'reject' } });
  const alice = await makeUser(t, 'alice');
  const { application } = await makeApplication(t);
  ({ token } = await makeToken(t, application, alice));
  cookie = await login(t, 'alice');
});
afterAll(() => t.close());

/** The Vary header's members, lower-cased. */
function varyOf(headers: Record<string, unknown>): string[] {
  return String(headers.vary ?? '')
    .split(',')
    .map((member) => member.trim().toLowerCase())
    .filter(Boolean);
}

const json = { 'content-type': 'application/json' };

const cases: [string, () => Promise<{ headers: Record<string, unknown>; statusCode: number }>][] = [
  ['an anonymous query', async () => (await gql(t, '{ me { id } }')).response],
  [
    'a query by token',
    async () => (await gql(t, '{ secret }', { headers: bearer(token) })).response,
  ],
  [
    'a query by session',
    async () => (await gql(t, '{ secret }', { headers: { cookie } })).response,
  ],
  ['an UNAUTHENTICATED error', async () => (await gql(t, '{ secret }')).response],
  [
    'an INVALID_TOKEN=reject 401',
    async () => (await gql(t, '{ me { id } }', { headers: bearer('unknown') })).response,
  ],
  ['a GraphQL validation error', async () => (await gql(t, '{ nope }')).response],
  ['a CSRF refusal', () => t.app.inject({ method: 'GET', url: '/graphql?query=%7Bme%7Bid%7D%7D' })],
  [
    'malformed JSON',
    () => t.app.inject({ method: 'POST', url: '/graphql', headers: json, payload: '{"query":' }),
  ],
  ['an unknown route (404)', () => t.app.inject({ method: 'GET', url: '/no-such-route' })],
  ['an unsupported method', () => t.app.inject({ method: 'DELETE', url: '/graphql' })],
];

test.each(cases)('%s carries Vary: Authorization, Cookie', async (_name, send) => {
  const response = await send();
  const vary = varyOf(response.headers);
  expect(vary).toEqual(expect.arrayContaining(['authorization', 'cookie']));
  // Each member once, even where Apollo or a route set Vary first.
  expect(new Set(vary).size).toBe(vary.length);
});

test('the statuses above are what they claim to be', async () => {
  const statuses = await Promise.all(cases.map(async ([, send]) => (await send()).statusCode));
  expect(statuses).toEqual([200, 200, 200, 200, 401, 400, 400, 400, 404, 404]);
});
