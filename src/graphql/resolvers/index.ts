import type { Resolvers } from '../generated/types';
import { adminMutations, adminQueries } from './admin';
import { revocationMutations } from './revocation';
import { sessionMutations, sessionQueries } from './session';
import { typeResolvers } from './types';

export const resolvers: Resolvers = {
  ...typeResolvers,
  Query: { ...sessionQueries, ...adminQueries },
  Mutation: { ...sessionMutations, ...adminMutations, ...revocationMutations },
};
