import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { AuthCache } from './AuthCache';
import type { OAuth2Events } from '../oauth2/events';
import type { Metrics } from '../http/metrics';

/** What authentication and the services below it need, injected so tests can replace the clock. */
export interface Services {
  orm: MikroORM;
  config: Config;
  logger: FastifyBaseLogger;
  now: () => Date;
  /** The provider's hooks (`appAuthorized`); absent where nothing issues tokens. */
  events?: OAuth2Events;
  /** Verified tokens and sessions in memory; absent where the cache is off. */
  authCache?: AuthCache;
  /** Prometheus counters for authentication and token events; absent outside the server. */
  metrics?: Metrics;
}
