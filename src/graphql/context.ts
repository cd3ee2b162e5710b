import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Services } from '../auth/deps';
import type { AuthUser, Authentication, TokenInfo } from '../auth/types';

/**
 * What every resolver and shield rule receives. `user` and `accessToken` are what the
 * authentication backends resolved, as django-oauth-toolkit sets `request.user` and
 * `request.auth`.
 */
export class GraphQLContext {
  readonly user: AuthUser | null;
  readonly accessToken: TokenInfo | null;
  /** The request's time, read once so that every check in it agrees. */
  readonly now: Date;
  private entityManager: EntityManager | undefined;

  constructor(
    readonly services: Services,
    readonly auth: Authentication,
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
  ) {
    this.user = auth.user;
    this.accessToken = auth.accessToken;
    this.now = services.now();
  }

  /** A unit of work for this request, forked only when a resolver touches the ORM. */
  get em(): EntityManager {
    this.entityManager ??= this.services.orm.em.fork();
    return this.entityManager;
  }
}
