import { GraphQLError } from 'graphql';

/**
 * The GraphQL errors the permission layer reports. Each carries a stable `extensions.code`;
 * `WWW-Authenticate` headers are derived from these codes in wwwAuthenticatePlugin.
 */

export const unauthenticated = () =>
  new GraphQLError('Authentication required.', { extensions: { code: 'UNAUTHENTICATED' } });

export const forbidden = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

/** RFC 6750 §3.1 insufficient_scope, reported to GraphQL clients as FORBIDDEN with the scope. */
export const insufficientScope = (scope: string) =>
  new GraphQLError(`This operation needs the "${scope}" scope.`, {
    extensions: { code: 'FORBIDDEN', reason: 'insufficient_scope', scope },
  });

export const internalError = () =>
  new GraphQLError('Internal server error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
