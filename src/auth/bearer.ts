/**
 * Reading the `Authorization: Bearer` credential (RFC 6750 §2.1, RFC 7235 §2.1).
 *
 * Only the header form is accepted. RFC 6750 §2.2 and §2.3 also allow tokens in a form body or a
 * query string, but those end up in logs, browser history and Referer headers (RFC 9700 §4.3.2),
 * so a token anywhere else is ignored.
 */

/** token68 from RFC 7235 §2.1, which RFC 6750 calls b64token. */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Far above any token this server issues; longer values are junk, not credentials. */
const MAX_TOKEN_LENGTH = 2048;

export type BearerCredential =
  { kind: 'none' } | { kind: 'other' } | { kind: 'bearer'; token: string };

/**
 * Classifies an Authorization header. `none` is no header; `other` is any other scheme or a
 * malformed Bearer value (a bare `Bearer`, two credentials, bad characters), which the OAuth2
 * backend treats exactly like no credentials at all.
 */
export function parseAuthorization(header: string | string[] | undefined): BearerCredential {
  if (header === undefined || header === '') return { kind: 'none' };
  if (typeof header !== 'string') return { kind: 'other' };

  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return { kind: 'other' };

  const token = header.slice(space).replace(/^ +/, '');
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !TOKEN68.test(token)) {
    return { kind: 'other' };
  }
  return { kind: 'bearer', token };
}
