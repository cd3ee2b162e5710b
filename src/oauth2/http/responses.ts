import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../errors';

/**
 * Marks a response as uncacheable. Token, revocation and introspection responses carry
 * credentials or facts about them; RFC 6749 §5.1 requires `Cache-Control: no-store`, and
 * `Pragma: no-cache` keeps HTTP/1.0 caches out too.
 */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

export function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  noStore(reply).status(error.status);
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.send(error.toJSON());
}

/**
 * The error handler of the form-posting endpoints: every refusal is an RFC 6749 §5.2 JSON body.
 * Fastify's own 4xx errors (an unsupported content type, a body over the limit, an unreadable
 * body) become `invalid_request`; anything else is logged and answered `server_error`.
 */
export function oauthErrorHandler(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof OAuthError) return sendOAuthError(reply, error);

  const status = 'statusCode' in error ? error.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    const code = 'code' in error ? error.code : undefined;
    return sendOAuthError(
      reply,
      new OAuthError('invalid_request', `The request could not be read (${code ?? status}).`),
    );
  }

  request.log.error({ err: error }, 'OAuth2 request failed');
  return sendOAuthError(
    reply,
    new OAuthError('server_error', 'Internal server error.', { status: 500 }),
  );
}
