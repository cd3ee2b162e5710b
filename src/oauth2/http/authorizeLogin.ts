import { checkCredentials } from '../../accounts/users';
import { generateToken } from '../../auth/tokens';
import { setSessionCookie, startSession } from '../../auth/sessions';
import { checkCsrfToken, csrfToken } from '../authorizeCsrf';
import type { AuthorizeFlow } from './authorizeFlow';
import { sendPage, sendRedirect } from './authorizePage';
import { errorPage } from './pages/error';
import { loginPage } from './pages/login';

/**
 * The login step of the authorization endpoint. There is no session yet to bind a CSRF token
 * to, so the page sets a random value in a signed, SameSite=Lax cookie and the form carries an
 * HMAC of it (src/oauth2/authorizeCsrf.ts): a form posted from another site has neither.
 */
const LOGIN_COOKIE = 'authorize_login';
const COOKIE_PATH = '/o/authorize';

const LOGIN_FAILED = 'The username or password is wrong, or the account is disabled.';

export function showLogin(
  flow: AuthorizeFlow,
  options: { error?: string; username?: string } = {},
) {
  const { request, reply, secretKey, authorization } = flow;
  // An existing value is kept, so that a second tab does not invalidate the form of the first.
  let nonce = loginNonce(flow);
  if (nonce === null) {
    nonce = generateToken();
    reply.setCookie(LOGIN_COOKIE, nonce, {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      path: COOKIE_PATH,
    });
  }

  const fields = {
    ...authorization.parameters,
    step: 'login',
    csrf_token: csrfToken(secretKey, 'login', nonce),
  };
  return sendPage(
    reply,
    200,
    loginPage({
      applicationName: authorization.application.name,
      fields,
      username: options.username,
      error: options.error,
    }),
  );
}

function loginNonce(flow: AuthorizeFlow): string | null {
  const raw = flow.request.cookies[LOGIN_COOKIE];
  if (!raw) return null;
  const unsigned = flow.request.unsignCookie(raw);
  return unsigned.valid ? unsigned.value : null;
}

/**
 * Checks the submitted credentials. On success a session starts and the browser goes back to
 * the authorization request with its parameters unchanged, now to meet the consent step. A
 * failure re-renders the form with one message for every cause (checkCredentials spends the
 * same time on an unknown username), so the page reveals no account.
 */
export async function submitLogin(flow: AuthorizeFlow, input: Record<string, unknown>) {
  const { request, reply, services, secretKey, em, authorization } = flow;
  const clientId = authorization.application.clientId;

  if (!checkCsrfToken(secretKey, 'login', loginNonce(flow), input.csrf_token)) {
    request.log.warn({ event: 'authorization_csrf_refused', step: 'login', clientId }, 'CSRF');
    return sendPage(
      reply,
      403,
      errorPage('invalid_csrf_token', 'The sign-in form expired or did not come from this site.'),
    );
  }

  const username = typeof input.username === 'string' ? input.username : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const user = username && password ? await checkCredentials(em, username, password) : null;
  if (!user) {
    request.log.info({ event: 'authorization_login_failed', clientId }, 'sign-in refused');
    return showLogin(flow, { error: LOGIN_FAILED, username });
  }

  const session = await startSession(em, services.config, user, services.now());
  setSessionCookie(request, reply, services.config, session);
  reply.clearCookie(LOGIN_COOKIE, { path: COOKIE_PATH });
  request.log.info({ event: 'authorization_login', clientId, userId: user.id }, 'signed in');

  const query = new URLSearchParams(
    Object.entries(authorization.parameters).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  return sendRedirect(reply, 'POST', `${COOKIE_PATH}?${query.toString()}`);
}
