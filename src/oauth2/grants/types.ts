import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Application } from '../../entities';
import type { Services } from '../../auth/deps';
import type { TokenResponse } from '../issue';

/** What the token endpoint hands a grant once the client is identified (and authenticated). */
export interface GrantContext {
  services: Services;
  em: EntityManager;
  /** The client making the request; authenticated unless it is a public client. */
  client: Application;
  /** The form parameters of the request, each present at most once. */
  params: Record<string, string>;
  request: FastifyRequest;
  now: Date;
}

/** One grant type of the token endpoint (RFC 6749 §4 and §6). Throws OAuthError on refusal. */
export type GrantHandler = (context: GrantContext) => Promise<TokenResponse>;
