import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import type { FastifyInstance } from 'fastify';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError } from '../errors';
import { bearerChallenge } from '../http/wwwAuthenticate';
import type { Services } from '../auth/deps';
import type { GraphQLContext } from './context';
import { buildSchema } from './schema';

/** Aliases per operation: enough for any real client, far from a flood. */
export const MAX_ALIASES = 15;
import { settleAfterMutations } from '../auth/authCacheSettling';

/**
 * Adds the RFC 6750 §3 challenge to responses whose errors say the caller must authenticate or
 * lacks a scope, so that OAuth2 clients learn why from the header, as for any protected resource.
 */
const wwwAuthenticatePlugin = (realm: string): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const errors = response.body.singleResult.errors ?? [];

        const scope = errors.find((e) => e.extensions?.reason === 'insufficient_scope')?.extensions
          ?.scope;
        if (typeof scope === 'string') {
          response.http.headers.set(
            'www-authenticate',
            bearerChallenge(realm, contextValue.auth, scope),
          );
          return;
        }
        if (errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
          response.http.headers.set('www-authenticate', bearerChallenge(realm, contextValue.auth));
        }
      },
    };
  },
});

/**
 * Turns errors into what a client may see: an AppError keeps its code and message, a
 * GraphQLError raised on purpose (validation, permissions) passes through, and anything else is
 * logged with its stack and reported only as an internal error.
 */
function formatError(services: Services) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: original.code, ...original.details },
      };
    }
    if (
      original instanceof GraphQLError ||
      formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR'
    ) {
      return formatted;
    }
    services.logger.error({ err: original, path: formatted.path }, 'resolver failed');
    return {
      message: 'Internal server error.',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

export async function createApolloServer(
  app: FastifyInstance,
  services: Services,
): Promise<ApolloServer<GraphQLContext>> {
  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildSchema(),
    formatError: formatError(services),
    includeStacktraceInErrorResponses: false,
    // One request must not be able to make the server do the work of thousands: a query of 2000
    // aliased list fields would otherwise run them all and stall every other request.
    // The schema has no cycles, so the depth of a query is bounded by the types themselves.
    // The rule reports through the validation context, so the client gets a 400 with
    // GRAPHQL_VALIDATION_FAILED rather than a thrown error.
    validationRules: [
      maxAliasesRule({
        n: MAX_ALIASES,
        // The library exempts aliases named __typename by default; they can alias any field.
        allowList: [],
        propagateOnRejection: false,
        onReject: [(context, error) => context?.reportError(error)],
      }),
    ],
    // Apollo's CSRF prevention: a request must have a non-simple content type or one of these
    // headers, which browsers send cross-site only after a CORS preflight. Authorization is one
    // of them, so `curl -H "Authorization: Bearer …" -X GET` works while a bare cross-site GET
    // (a link or an <img>) carrying only the session cookie is refused before it executes.
    csrfPrevention: {
      requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight', 'authorization'],
    },
    introspection: true,
    // Apollo's landing page loads its sandbox from a CDN; browsers get the self-hosted playground.
    plugins: [
      fastifyApolloDrainPlugin(app),
      wwwAuthenticatePlugin(services.config.realm),
      settleAfterMutations(services),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  return apollo;
}
