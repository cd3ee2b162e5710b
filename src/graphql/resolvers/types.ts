import { DateTimeResolver } from 'graphql-scalars';
import { isTokenActive } from '../../oauth2/accessTokens';
import type { Resolvers } from '../generated/types';

/** Field resolvers for object types whose GraphQL shape differs from the entity's. */
export const typeResolvers: Resolvers = {
  DateTime: DateTimeResolver,
  // The SDL spells enum values in capitals; the entities and RFC 6749 use lower case. Without
  // these maps GraphQL would hand `CONFIDENTIAL` to the services and fail to print `confidential`.
  ClientType: { CONFIDENTIAL: 'confidential', PUBLIC: 'public' },
  GrantType: {
    AUTHORIZATION_CODE: 'authorization_code',
    CLIENT_CREDENTIALS: 'client_credentials',
    PASSWORD: 'password',
    REFRESH_TOKEN: 'refresh_token',
  },
  Application: {
    owner: (application) => application.user,
  },
  AccessToken: {
    scopes: (token) => token.scope.split(' ').filter(Boolean),
    isActive: (token, _args, ctx) => isTokenActive(token, ctx.now),
  },
};
