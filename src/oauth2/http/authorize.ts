import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../auth/deps';
import { authenticateSession } from '../../auth/sessionBackend';
import { AuthorizationError, validateAuthorizationRequest } from '../authorizeRequest';
import { approve, showConsent, submitConsent } from './authorizeConsent';
import { redirectError, type AuthorizeFlow } from './authorizeFlow';
import { showLogin, submitLogin } from './authorizeLogin';
import { sendPage } from './authorizePage';
import { acceptFormBodiesOnly } from './form';
import { errorPage } from './pages/error';
import { STYLESHEET_PATH, stylesheet } from './pages/style';

/**
 * The request's parameters by name, from the query of a GET or the form of a POST (RFC 6749
 * §3.1 allows both). A parameter sent twice becomes an array, which validation refuses; an
 * empty one counts as omitted (§3.1). The record has no prototype, so `__proto__` is a name.
 */
function readParameters(request: FastifyRequest): Record<string, unknown> {
  const entries =
    request.method === 'POST'
      ? request.body instanceof URLSearchParams
        ? [...request.body]
        : []
      : Object.entries((request.query ?? {}) as Record<string, string | string[]>).flatMap(
          ([name, value]) => [value].flat().map((item) => [name, item] as [string, string]),
        );

  const parameters: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of entries) {
    if (value === '') continue;
    const previous = parameters[name];
    parameters[name] = previous === undefined ? value : [previous, value].flat();
  }
  return parameters;
}

function refuse(
  flow: Pick<AuthorizeFlow, 'request' | 'reply' | 'services'>,
  error: AuthorizationError,
) {
  const { request, reply, services } = flow;
  request.log.info(
    { event: 'authorization_refused', error: error.error, redirected: error.redirect !== null },
    'authorization request refused',
  );
  if (!error.redirect) return sendPage(reply, 400, errorPage(error.error, error.message));
  return redirectError(
    reply,
    request.method,
    services.config.issuer,
    error.redirect,
    error.error,
    error.message,
  );
}

/**
 * GET and POST /o/authorize, the authorization endpoint (RFC 6749 §3.1, §4.1.1). Every request,
 * including the login and consent forms, is validated afresh from its parameters; then the user
 * signs in if needed, approves unless the application skips consent, and is sent back with a
 * code.
 *
 * Only the session backend is consulted, whatever AUTH_BACKENDS says: approving a client is
 * something a person does in a browser. Accepting a bearer token here would let any client
 * holding a token mint codes, for itself or for other clients, without the user.
 */
function authorizationEndpoint(services: Services, secretKey: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const parameters = readParameters(request);
    const em = services.orm.em.fork();

    let authorization;
    try {
      authorization = await validateAuthorizationRequest(em, services.config, parameters);
    } catch (error) {
      if (error instanceof AuthorizationError) return refuse({ request, reply, services }, error);
      throw error;
    }
    const flow: AuthorizeFlow = { request, reply, services, secretKey, em, authorization };

    if (request.method === 'POST' && parameters.step === 'login') {
      return submitLogin(flow, parameters);
    }
    if (request.method === 'POST' && parameters.step === 'consent') {
      return submitConsent(flow, parameters);
    }

    const session = await authenticateSession(request, services);
    if (!session) return showLogin(flow);
    if (authorization.application.skipAuthorization) return approve(flow, session.user.id);
    return showConsent(flow, session);
  };
}

/** A browser gets a page, not JSON, for an unreadable form or a failure of ours. */
function pageErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return sendPage(reply, status, errorPage('invalid_request', 'The request could not be read.'));
  }
  request.log.error({ err: error }, 'authorization request failed');
  return sendPage(reply, 500, errorPage('server_error', 'Something went wrong. Try again later.'));
}

export async function registerAuthorizeRoutes(
  app: FastifyInstance,
  services: Services,
): Promise<void> {
  const secretKey = services.config.secretKey;
  if (!secretKey) throw new Error('The authorization endpoint needs SECRET_KEY for CSRF tokens.');

  app.get(STYLESHEET_PATH, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .send(stylesheet),
  );

  await app.register(async (scope) => {
    acceptFormBodiesOnly(scope);
    scope.setErrorHandler(pageErrorHandler);
    const endpoint = authorizationEndpoint(services, secretKey);
    scope.get('/o/authorize', endpoint);
    scope.post('/o/authorize', endpoint);
  });
}
