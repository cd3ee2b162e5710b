/**
 * How the SDL's enum values (capitals, by GraphQL convention) map to the values the entities and
 * RFC 6749 use (lower case). The resolvers hand these maps to GraphQL, and codegen.ts gives them
 * to the type generator, so the generated types speak the entities' values.
 */
export const enumValues = {
  ClientType: { CONFIDENTIAL: 'confidential', PUBLIC: 'public' },
  GrantType: {
    AUTHORIZATION_CODE: 'authorization_code',
    CLIENT_CREDENTIALS: 'client_credentials',
    PASSWORD: 'password',
    REFRESH_TOKEN: 'refresh_token',
  },
} as const;
