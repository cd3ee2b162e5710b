import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import vary from 'vary';
import type { Config } from '../config';
import type { Services } from '../auth/deps';
import { authenticate } from '../auth/authenticate';
import type { Authentication } from '../auth/types';
import { GraphQLContext } from '../graphql/context';
import { createApolloServer } from '../graphql/server';
import { bearerChallenge } from './wwwAuthenticate';
import { loggingOptions, registerRequestLog } from './logging';
import { createMetrics, registerMetrics } from './metrics';
import { databaseReadiness, registerHealthRoutes } from './health';
import { registerPlayground } from './playground';
import { registerDraining } from './shutdown';
import { registerOAuth2Routes } from '../oauth2/http/routes';
import type { AuthCache } from '../auth/AuthCache';
import { registerAuthCacheSettling } from '../auth/authCacheSettling';
import { createAuthCache } from '../db/authNotifications';
import { lazyChildLoggerFactory } from './lazyRequestLogger';
import { createOAuth2Events } from '../oauth2/events';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authentication | null;
  }
}

export interface AppDependencies {
  config: Config;
  orm: MikroORM;
  now?: () => Date;
  /** Where log lines go; standard output when omitted. */
  logStream?: NodeJS.WritableStream;
  /**
   * The authentication cache. By default one kept current by DATABASE_URL's change notices
   * (src/db/authNotifications.ts), and none on the embedded database; null turns it off.
   */
  authCache?: AuthCache | null;
}

export interface App {
  app: FastifyInstance;
  services: Services;
}

/**
 * Builds the HTTP server: Fastify carrying Apollo at /graphql, with the authentication backends
 * run for each GraphQL request before its context is built.
 */
export async function buildApp(deps: AppDependencies): Promise<App> {
  const { config } = deps;
  if (!config.secretKey) throw new Error('buildApp needs config.secretKey to sign session cookies');

  const app = Fastify({
    ...loggingOptions(config, deps.logStream),
    childLoggerFactory: lazyChildLoggerFactory,
    trustProxy: false,
  });
  const metrics = createMetrics();
  const services: Services = {
    orm: deps.orm,
    config,
    logger: app.log,
    now: deps.now ?? (() => new Date()),
    events: createOAuth2Events(),
    metrics,
  };
  services.authCache =
    deps.authCache === undefined
      ? createAuthCache(config, app.log, services.now)
      : (deps.authCache ?? undefined);
  if (services.authCache) {
    const cache = services.authCache;
    registerAuthCacheSettling(app, cache);
    app.addHook('onClose', () => cache.close());
  }
  registerRequestLog(app);
  registerMetrics(app, metrics, services.events);
  registerHealthRoutes(app, databaseReadiness(deps.orm));
  registerDraining(app);

  await app.register(fastifyCookie, { secret: config.secretKey });
  await app.register(fastifyFormbody);
  app.decorateRequest('auth', null);

  // Responses depend on who asks: shared caches must key them on both credentials.
  // (Every response passes here: the common case, no Vary yet, skips parsing one.)
  app.addHook('onSend', (_request, reply, payload, done) => {
    const current = reply.getHeader('vary');
    reply.header(
      'vary',
      current === undefined
        ? 'Authorization, Cookie'
        : vary.append(String(current), 'Authorization, Cookie'),
    );
    done(null, payload);
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: 'internal_error', message: 'Internal server error.' });
    }
    // A body Fastify could not read before Apollo saw it (bad JSON, too large, an unknown
    // content type) is still answered in GraphQL's own error shape on /graphql.
    if (request.routeOptions.url === '/graphql') {
      return reply
        .status(status)
        .send({ errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }] });
    }
    return reply.status(status).send({ error: 'bad_request', message: error.message });
  });

  const apollo = await createApolloServer(app, services);

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      request.auth = await authenticate(request, services);
    } catch (error) {
      // A backend that fails (a lost database) must neither serve the request anonymously nor
      // pass for a refused credential; GraphQL clients get the fault in GraphQL's own shape.
      request.log.error({ err: error }, 'authentication failed');
      return reply.status(500).send({
        errors: [
          { message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      });
    }
    if (request.auth.tokenRejection && config.invalidToken === 'reject') {
      // INVALID_TOKEN=reject: refuse the whole request, as RFC 6750 §3.1 describes for a
      // protected resource, instead of serving it anonymously.
      return reply
        .status(401)
        .header('www-authenticate', bearerChallenge(config.realm, request.auth))
        .send({
          errors: [{ message: 'Invalid token.', extensions: { code: 'UNAUTHENTICATED' } }],
        });
    }
  };
  const handler = fastifyApolloHandler(apollo, {
    context: async (request, reply) => {
      // The preHandler has authenticated the request or already answered it.
      if (!request.auth) throw new Error('GraphQL context built before authentication ran');
      return new GraphQLContext(services, request.auth, request, reply);
    },
  });
  const playground = await registerPlayground(app, config);
  app.get('/graphql', { ...playground, preHandler }, handler);
  app.post('/graphql', { preHandler }, handler);

  await registerOAuth2Routes(app, services);

  return { app, services };
}
