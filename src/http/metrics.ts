import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Authentication } from '../auth/types';
import type { OAuth2Events } from '../oauth2/events';

/**
 * Prometheus metrics (prom-client) on a registry of this app's own, so that two apps in one
 * process (tests, workers built side by side) never count into each other.
 */

/** How a request's authentication ended; `backend` is the one that decided, `none` if none did. */
export type AuthResult =
  'session' | 'token' | 'invalid_token' | 'expired' | 'revoked' | 'anonymous';

/** Why a token stopped working early: the path that revoked it. */
export type RevocationVia = 'graphql' | 'revocation_endpoint' | 'code_reuse' | 'refresh_reuse';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  authentications: Counter<'backend' | 'result'>;
  /** Access tokens issued, by the grant that produced them (`admin` for the GraphQL mutation). */
  tokensIssued: Counter<'grant_type'>;
  /**
   * Access tokens revoked, by the path that revoked them. Tokens do not record the grant that
   * issued them, so revocations cannot be split by grant type.
   */
  tokensRevoked: Counter<'via'>;
  /** Counts one authentication's outcome; called by `authenticate` for every request. */
  authenticated(auth: Authentication): void;
}

/** A request that matched no route is counted under one label, so junk URLs add no series. */
const UNMATCHED = 'unmatched';

function authOutcome(auth: Authentication): { backend: string; result: AuthResult } {
  if (auth.user && auth.backend === 'session') return { backend: 'session', result: 'session' };
  if (auth.accessToken) return { backend: 'oauth2', result: 'token' };

  switch (auth.tokenRejection) {
    case 'expired':
      return { backend: 'oauth2', result: 'expired' };
    case 'revoked':
      return { backend: 'oauth2', result: 'revoked' };
    case 'unknown':
    case 'inactive_user':
      return { backend: 'oauth2', result: 'invalid_token' };
    default:
      return { backend: 'none', result: 'anonymous' };
  }
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to sending its response, by route pattern.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const authentications = new Counter({
    name: 'authentications_total',
    help: 'Authentication outcomes, by the backend that decided and the result.',
    labelNames: ['backend', 'result'] as const,
    registers: [registry],
  });
  const tokensIssued = new Counter({
    name: 'oauth2_tokens_issued_total',
    help: 'Access tokens issued, by grant type.',
    labelNames: ['grant_type'] as const,
    registers: [registry],
  });
  const tokensRevoked = new Counter({
    name: 'oauth2_tokens_revoked_total',
    help: 'Access tokens revoked, by the path that revoked them.',
    labelNames: ['via'] as const,
    registers: [registry],
  });

  return {
    registry,
    httpRequests,
    httpDuration,
    authentications,
    tokensIssued,
    tokensRevoked,
    authenticated: (auth) => authentications.inc(authOutcome(auth)),
  };
}

/**
 * Counts every request when its response is sent, counts each token the OAuth2 endpoints
 * announce through `appAuthorized`, and serves the registry at GET /metrics.
 *
 * /metrics reveals traffic volumes but no identity or credential; restrict it to the scraper
 * at the proxy or firewall if those volumes are confidential.
 */
export function registerMetrics(
  app: FastifyInstance,
  metrics: Metrics,
  events: OAuth2Events | undefined,
): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    metrics.httpRequests.inc({ route, method: request.method, status: reply.statusCode });
    metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });

  events?.on('appAuthorized', (event) => metrics.tokensIssued.inc({ grant_type: event.grantType }));

  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(body);
  });
}
