import type { FastifyReply } from 'fastify';

/**
 * Headers of every page the authorization endpoint shows.
 *
 * Clickjacking (RFC 6749 §10.13, RFC 9700 §4.16): a site that framed the consent page
 * invisibly could trick a user into clicking "Allow". `frame-ancestors 'none'` and the older
 * `X-Frame-Options: DENY` forbid any framing.
 *
 * The policy also allows no script and no inline style, only the stylesheet served from this
 * origin, so markup that slipped through escaping could still not run. `form-action` is left
 * out on purpose: browsers apply it to the redirect that follows the consent form, which goes
 * to the client's redirect URI on another origin, and would block it.
 *
 * The pages carry a CSRF token and the URL carries the request's state, so nothing is cached
 * and no Referer leaks the query to the stylesheet or to a link's target (RFC 9700 §4.2.4).
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'";

export function sendPage(reply: FastifyReply, status: number, markup: string): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(markup);
}

/**
 * Sends the browser to `url`: 302 after a GET; 303 after a POST, so that the browser follows
 * with a GET and never re-posts the form, with its password, to the client (RFC 9700 §4.12).
 */
export function sendRedirect(reply: FastifyReply, method: string, url: string): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .redirect(url, method === 'POST' ? 303 : 302);
}
