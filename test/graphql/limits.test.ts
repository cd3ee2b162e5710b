import { createTestApp, gql, type TestApp } from '../helpers/app';
import { MAX_ALIASES } from '../../src/graphql/server';

/** Requests that would make the server do disproportionate work are refused before executing. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (body.errors ?? []).map((error) => error.extensions?.code);

test('an operation with more aliases than the limit is refused, one at the limit runs', async () => {
  const aliases = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;

  const refused = await gql(t, aliases(MAX_ALIASES + 1));
  expect(refused.response.statusCode).toBe(400);
  expect(codes(refused.body)).toContain('GRAPHQL_VALIDATION_FAILED');

  const disguised = await gql(t, `{ __typename: me { id } ${aliases(MAX_ALIASES).slice(1, -1)} }`);
  expect(disguised.response.statusCode).toBe(400);

  const allowed = await gql(t, aliases(MAX_ALIASES));
  expect(allowed.body.errors).toBeUndefined();
});

test('a body Fastify cannot read still gets a GraphQL error with a code', async () => {
  const badJson = await t.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: '{"query": ',
  });
  expect(badJson.statusCode).toBe(400);
  expect(codes(badJson.json())).toEqual(['BAD_REQUEST']);

  const wrongType = await t.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/xml' },
    payload: '<query/>',
  });
  expect(wrongType.statusCode).toBe(415);
  expect(codes(wrongType.json())).toEqual(['BAD_REQUEST']);
});
