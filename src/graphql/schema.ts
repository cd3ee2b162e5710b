import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { applyMiddleware } from 'graphql-middleware';
import { resolvers } from './resolvers';
import { permissions } from './permissions';

const SCHEMA_DIR = path.resolve(__dirname, '../../schema');

/** The SDL files in schema/, the API's contract, in a stable order. */
export function loadTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
}

/** The executable schema: SDL, resolvers, and the shield permissions wrapped around them. */
export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
  return applyMiddleware(schema, permissions);
}
