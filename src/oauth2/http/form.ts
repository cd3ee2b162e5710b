import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OAuthError } from '../errors';

/**
 * Far above any legitimate request to these endpoints (a few short parameters), low enough that
 * a client cannot make the server buffer megabytes before refusing it.
 */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * Makes `application/x-www-form-urlencoded` the only body the OAuth2 endpoints of `scope`
 * accept (RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1). JSON or any other type fails in
 * Fastify's parser stage and reaches the error handler as a 4xx, which answers
 * `invalid_request`. The body is kept as URLSearchParams so that repeated parameters stay
 * visible to `formParams`.
 */
export function acceptFormBodiesOnly(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => done(null, new URLSearchParams(body as string)),
  );
}

/**
 * The form parameters of a request, each at most once. RFC 6749 §3.2 forbids repeating a
 * parameter (a second `scope` or `client_id` might be read differently by another component,
 * so none is picked) and says an empty parameter counts as omitted. The record has no
 * prototype, so a parameter named `__proto__` or `constructor` is just a name.
 */
export function formParams(request: FastifyRequest): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  if (request.body === undefined || request.body === null) return params;
  if (!(request.body instanceof URLSearchParams)) {
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.');
  }

  const seen = new Set<string>();
  for (const [name, value] of request.body) {
    if (seen.has(name)) {
      throw new OAuthError('invalid_request', `Parameter "${name.slice(0, 50)}" is repeated.`);
    }
    seen.add(name);
    if (value !== '') params[name] = value;
  }
  return params;
}
