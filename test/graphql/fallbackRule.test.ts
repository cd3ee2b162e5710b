import { graphql } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { applyMiddleware } from 'graphql-middleware';
import { loadTypeDefs } from '../../src/graphql/schema';
import { resolvers } from '../../src/graphql/resolvers';
import { permissions, ruleTree } from '../../src/graphql/permissions';
import type { GraphQLContext } from '../../src/graphql/context';
import { createTestApp, gql, type TestApp } from '../helpers/app';
import { errorCodes } from './support';

/**
 * `fallbackRule: deny`: a field is public only by an explicit decision in permissions.ts. Adding a
 * root field to the SDL without a rule makes the first test fail; the second shows what such a
 * field would do at run time.
 */

interface IntrospectedType {
  name: string;
  kind: string;
  fields: { name: string }[] | null;
}

let t: TestApp;
let types: IntrospectedType[];

beforeAll(async () => {
  t = await createTestApp();
  const { body } = await gql(t, '{ __schema { types { name kind fields { name } } } }');
  types = (body.data?.__schema as { types: IntrospectedType[] }).types;
});
afterAll(() => t.close());

const fieldsOf = (name: string) =>
  (types.find((type) => type.name === name)?.fields ?? []).map((field) => field.name).sort();

describe('the rule tree matches the schema', () => {
  test.each(['Query', 'Mutation'] as const)('every %s field has its own rule', (root) => {
    const fields = fieldsOf(root);
    expect(fields.length).toBeGreaterThan(0);
    expect(Object.keys(ruleTree[root]).sort()).toEqual(fields);
  });

  test('every object type has a rule', () => {
    const objectTypes = types
      .filter((type) => type.kind === 'OBJECT' && !type.name.startsWith('__'))
      .map((type) => type.name)
      .sort();
    expect(Object.keys(ruleTree).sort()).toEqual(objectTypes);
  });
});

describe('a field without a rule', () => {
  const extraTypeDefs = `
    extend type Query { unruled: String }
    extend type Mutation { unruledChange: Boolean }
  `;
  const unruled = jest.fn(() => 'should not be returned');
  const unruledChange = jest.fn(() => true);

  const schema = applyMiddleware(
    makeExecutableSchema({
      typeDefs: [...loadTypeDefs(), extraTypeDefs],
      resolvers: [resolvers, { Query: { unruled }, Mutation: { unruledChange } }],
    }),
    permissions,
  );

  /** The most privileged caller there is: a superuser by session, no token scopes to check. */
  const superuser = {
    user: {
      id: 1,
      username: 'root',
      isActive: true,
      isStaff: true,
      isSuperuser: true,
      dateJoined: new Date(),
      lastLogin: null,
    },
    accessToken: null,
    now: new Date(),
    services: { logger: { error: jest.fn() } },
  } as unknown as GraphQLContext;

  test.each([
    ['a query', '{ unruled }', unruled],
    ['a mutation', 'mutation { unruledChange }', unruledChange],
  ])('is denied to a superuser in %s, and its resolver never runs', async (_name, source, fn) => {
    const result = await graphql({ schema, source, contextValue: superuser });

    expect(result.errors?.map((error) => error.extensions.code)).toEqual(['FORBIDDEN']);
    expect(fn).not.toHaveBeenCalled();
  });

  test('ruled fields beside it still answer', async () => {
    const result = await graphql({ schema, source: '{ secret }', contextValue: superuser });
    expect(result).toEqual({ data: { secret: 'Secret contents!' } });
  });
});

describe('introspection', () => {
  test('stays available to anonymous callers (the playground needs it)', async () => {
    const { body } = await gql(t, '{ __type(name: "Query") { name } }');
    expect(errorCodes(body)).toEqual([]);
    expect(body.data).toEqual({ __type: { name: 'Query' } });
  });
});
