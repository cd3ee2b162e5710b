import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Services } from '../../auth/deps';
import type { AuthorizationRequest } from '../authorizeRequest';
import { authorizationResponseUrl } from '../authorizeResponse';
import type { OAuthErrorCode } from '../errors';
import { sendRedirect } from './authorizePage';

/** One authorization request being served, passed between the steps of the endpoint. */
export interface AuthorizeFlow {
  request: FastifyRequest;
  reply: FastifyReply;
  services: Services;
  /** Keys the CSRF tokens; buildApp refuses to start without one. */
  secretKey: string;
  em: EntityManager;
  authorization: AuthorizationRequest;
}

/** Sends an error back to the client's redirect URI (RFC 6749 §4.1.2.1), with `iss` (RFC 9207). */
export function redirectError(
  reply: FastifyReply,
  method: string,
  issuer: string,
  target: { uri: string; state: string | undefined },
  error: OAuthErrorCode,
  description: string,
): FastifyReply {
  return sendRedirect(
    reply,
    method,
    authorizationResponseUrl(target.uri, {
      error,
      error_description: description,
      state: target.state,
      iss: issuer,
    }),
  );
}
