import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';

/**
 * The GraphQL errors the permission layer reports. Each carries a stable `extensions.code`;
 * `WWW-Authenticate` headers are derived from these codes in wwwAuthenticatePlugin.
 */

/**
 * These errors are answers, not faults: nobody reads their stack, so none is captured. That
 * matters with source maps on (tsx), where formatting a captured stack costs about 0.2 ms of CPU,
 * more than the rest of a refused request; see `locatedAt` for where graphql-js would format one.
 */
function withoutStack<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const answer = (message: string, extensions: Record<string, unknown>) =>
  withoutStack(() => new GraphQLError(message, { extensions }));

/**
 * The error placed at the field being resolved. graphql-js wraps an error a resolver returns in a
 * new GraphQLError carrying the field's path, and that wrap copies (so formats) the stack it
 * captures; an error that already has its path passes through untouched.
 */
export const locatedAt = (error: GraphQLError, info: GraphQLResolveInfo) =>
  withoutStack(
    () =>
      new GraphQLError(error.message, {
        nodes: info.fieldNodes,
        path: responsePathAsArray(info.path),
        extensions: error.extensions,
      }),
  );

export const unauthenticated = () =>
  answer('Authentication required.', { code: 'UNAUTHENTICATED' });

export const forbidden = (message: string) => answer(message, { code: 'FORBIDDEN' });

/** RFC 6750 §3.1 insufficient_scope, reported to GraphQL clients as FORBIDDEN with the scope. */
export const insufficientScope = (scope: string) =>
  answer(`This operation needs the "${scope}" scope.`, {
    code: 'FORBIDDEN',
    reason: 'insufficient_scope',
    scope,
  });

export const internalError = () =>
  new GraphQLError('Internal server error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
