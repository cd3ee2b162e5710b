import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { AuthCache } from './AuthCache';
import type { Services } from './deps';

/**
 * Revocation must stop the very next request, on this process too. The change notice of a
 * revocation made here comes back through PostgreSQL, a few milliseconds after the commit; a
 * client that sends its next request the instant the response arrives could beat it. So a
 * response to anything that may have changed credentials (a GraphQL mutation, a POST to the
 * OAuth2 endpoints) is held until this process's cache has applied every change committed so far
 * (AuthCache.settle). Reads, the hot path, never wait.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Apollo plugin: a mutation's response leaves once its changes have reached the cache. */
export function settleAfterMutations(services: Services): ApolloServerPlugin {
  return {
    async requestDidStart() {
      if (!services.authCache) return;
      const cache = services.authCache;
      return {
        async willSendResponse({ operation }) {
          if (operation?.operation === 'mutation') await cache.settle();
        },
      };
    },
  };
}

/**
 * The same for every other route that changes state (the OAuth2 endpoints). Attached route by
 * route as they are declared, so that reads pay nothing; call it before declaring them.
 */
export function registerAuthCacheSettling(app: FastifyInstance, cache: AuthCache): void {
  const settle = async (_request: unknown, _reply: unknown, payload: unknown) => {
    await cache.settle();
    return payload;
  };

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url === '/graphql' || methods.every((method) => SAFE_METHODS.has(method))) return;
    const existing = route.onSend ?? [];
    route.onSend = [...(Array.isArray(existing) ? existing : [existing]), settle];
  });
}
