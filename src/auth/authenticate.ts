import type { FastifyRequest } from 'fastify';
import { authenticateSession } from './sessionBackend';
import { authenticateToken } from './oauth2Backend';
import type { Services } from './deps';
import { anonymous, type Authentication } from './types';

/**
 * Runs the configured backends in order (AUTH_BACKENDS, default `session,oauth2`), the way
 * Django walks AUTHENTICATION_BACKENDS behind its middleware: the first backend that yields an
 * active user wins and the ones after it do not run.
 *
 * With the default order a valid session makes the Authorization header irrelevant, as in the
 * seed's OAuth2 backend placed after AuthenticationMiddleware. With `oauth2,session` a valid
 * token takes precedence over the session.
 *
 * A token without a user (client credentials) authenticates the client, not a person: it is kept
 * as `accessToken` unless a later backend finds a user, in which case that user's credentials
 * alone describe the request.
 */
export async function authenticate(
  request: FastifyRequest,
  services: Services,
): Promise<Authentication> {
  const auth = await runBackends(request, services);
  services.metrics?.authenticated(auth);
  return auth;
}

async function runBackends(request: FastifyRequest, services: Services): Promise<Authentication> {
  const result = anonymous();

  for (const backend of services.config.authBackends) {
    if (backend === 'session') {
      const session = await authenticateSession(request, services);
      if (!session) continue;
      return { ...anonymous(), user: session.user, backend, sessionId: session.sessionId };
    }

    const outcome = await authenticateToken(request, services);
    if (outcome.kind === 'none') continue;
    if (outcome.kind === 'rejected') {
      result.tokenRejection = outcome.reason;
      continue;
    }
    if (outcome.user) {
      return { ...anonymous(), user: outcome.user, accessToken: outcome.token, backend };
    }
    result.accessToken = outcome.token;
    result.backend = backend;
  }

  return result;
}
