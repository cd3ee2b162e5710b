import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';

/** What authentication and the services below it need, injected so tests can replace the clock. */
export interface Services {
  orm: MikroORM;
  config: Config;
  logger: FastifyBaseLogger;
  now: () => Date;
}
