import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { GrantType } from '../entities';

/**
 * The provider's hooks, django-oauth-toolkit's `app_authorized` signal: code outside the OAuth2
 * endpoints (auditing, metrics, a welcome mail) learns of each issued token without the
 * endpoints knowing who listens. The event names the token by id only, never its value.
 */
export interface AppAuthorizedEvent {
  clientId: string;
  /** Null for tokens a client obtained for itself (client credentials). */
  userId: number | null;
  grantType: GrantType;
  scopes: string[];
  /** The access token's row id. */
  tokenId: string;
}

export interface OAuth2EventMap {
  appAuthorized: [AppAuthorizedEvent];
}

export type OAuth2Events = EventEmitter<OAuth2EventMap>;

export const createOAuth2Events = (): OAuth2Events => new EventEmitter<OAuth2EventMap>();

/**
 * Fires `appAuthorized`. Listeners run synchronously; one that throws is logged and otherwise
 * ignored, because by then the token exists and the client must receive it.
 */
export function emitAppAuthorized(
  events: OAuth2Events | undefined,
  event: AppAuthorizedEvent,
  logger: FastifyBaseLogger,
): void {
  if (!events) return;
  try {
    events.emit('appAuthorized', event);
  } catch (error) {
    logger.error({ err: error, event: 'app_authorized_listener_failed' }, 'listener failed');
  }
}
