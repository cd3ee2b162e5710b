import type { SessionResult } from '../../auth/sessionBackend';
import { authenticateSession } from '../../auth/sessionBackend';
import { issueAuthorizationCode } from '../authorizeCode';
import { checkCsrfToken, csrfToken } from '../authorizeCsrf';
import { authorizationResponseUrl } from '../authorizeResponse';
import { redirectError, type AuthorizeFlow } from './authorizeFlow';
import { showLogin } from './authorizeLogin';
import { sendPage, sendRedirect } from './authorizePage';
import { consentPage } from './pages/consent';
import { errorPage } from './pages/error';

/** Shows the consent page; its form's CSRF token is bound to the user's session. */
export function showConsent(flow: AuthorizeFlow, session: SessionResult) {
  const { reply, secretKey, authorization } = flow;
  const fields = {
    ...authorization.parameters,
    step: 'consent',
    csrf_token: csrfToken(secretKey, 'consent', session.sessionId),
  };
  return sendPage(
    reply,
    200,
    consentPage({
      applicationName: authorization.application.name,
      username: session.user.username,
      scopes: authorization.scopes,
      redirectUri: authorization.redirectUri,
      fields,
    }),
  );
}

/**
 * Issues a code for the approved request and sends it to the client with `state`, verbatim,
 * and `iss` (RFC 6749 §4.1.2, RFC 9207 §2).
 */
export async function approve(flow: AuthorizeFlow, userId: number) {
  const { request, reply, services, em, authorization } = flow;
  const code = await issueAuthorizationCode(
    em,
    services.config,
    services.now(),
    authorization,
    userId,
  );
  request.log.info(
    {
      event: 'authorization_code_issued',
      clientId: authorization.application.clientId,
      userId,
      scopes: authorization.scopes,
    },
    'authorization code issued',
  );
  return sendRedirect(
    reply,
    request.method,
    authorizationResponseUrl(authorization.redirectUri, {
      code,
      state: authorization.state,
      iss: services.config.issuer,
    }),
  );
}

/**
 * The user's answer on the consent page. The CSRF token must match this session: otherwise a
 * page elsewhere could submit "Allow" for the user and receive a code for its own client.
 */
export async function submitConsent(flow: AuthorizeFlow, input: Record<string, unknown>) {
  const { request, reply, services, secretKey, authorization } = flow;
  const clientId = authorization.application.clientId;

  const session = await authenticateSession(request, services);
  if (!session) return showLogin(flow, { error: 'Your session has ended. Sign in again.' });

  if (!checkCsrfToken(secretKey, 'consent', session.sessionId, input.csrf_token)) {
    request.log.warn(
      { event: 'authorization_csrf_refused', step: 'consent', clientId, userId: session.user.id },
      'consent form refused: CSRF token missing or wrong',
    );
    return sendPage(
      reply,
      403,
      errorPage('invalid_csrf_token', 'The consent form expired or did not come from this site.'),
    );
  }

  if (input.decision === 'deny') {
    request.log.info(
      { event: 'authorization_denied', clientId, userId: session.user.id },
      'user denied the authorization request',
    );
    const target = { uri: authorization.redirectUri, state: authorization.state };
    return redirectError(
      reply,
      request.method,
      services.config.issuer,
      target,
      'access_denied',
      'The user denied the request.',
    );
  }
  if (input.decision !== 'allow') {
    return sendPage(reply, 400, errorPage('invalid_request', 'Choose Allow or Deny.'));
  }
  return approve(flow, session.user.id);
}
