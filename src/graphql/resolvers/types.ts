import { DateTimeResolver } from 'graphql-scalars';
import { isTokenActive } from '../../oauth2/accessTokens';
import type { Resolvers } from '../generated/types';
import { enumValues } from '../enums';

/** Field resolvers for object types whose GraphQL shape differs from the entity's. */
export const typeResolvers: Resolvers = {
  DateTime: DateTimeResolver,
  // Without these maps GraphQL would hand `CONFIDENTIAL` to the services and fail to print
  // `confidential`.
  ...enumValues,
  Application: {
    owner: (application) => application.user,
  },
  AccessToken: {
    scopes: (token) => token.scope.split(' ').filter(Boolean),
    isActive: (token, _args, ctx) => isTokenActive(token, ctx.now),
  },
};
