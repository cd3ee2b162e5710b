import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Anti-CSRF tokens for the login and consent forms of the authorization endpoint.
 *
 * Without them another site could post "Allow" on a logged-in user's behalf and collect a code
 * for its own client, or post its own credentials to log the user into the attacker's account
 * (login CSRF). A token is an HMAC of something only the user's browser holds, keyed with
 * SECRET_KEY: for consent, the session; for login, a random value in a signed cookie. A page
 * elsewhere can neither read the token (same-origin policy) nor compute it (no key). The
 * session cookie's SameSite=Lax keeps cross-site POSTs from carrying it at all, a second wall.
 *
 * The purpose is part of the MAC, so a token minted for one form is worthless for the other.
 */
export type CsrfPurpose = 'login' | 'consent';

export function csrfToken(secretKey: string, purpose: CsrfPurpose, binding: string): string {
  return createHmac('sha256', secretKey)
    .update(`authorize-${purpose}\0${binding}`)
    .digest('base64url');
}

/** Compares in constant time; a missing token or binding never matches. */
export function checkCsrfToken(
  secretKey: string,
  purpose: CsrfPurpose,
  binding: string | null,
  presented: unknown,
): boolean {
  if (binding === null || typeof presented !== 'string') return false;

  const expected = Buffer.from(csrfToken(secretKey, purpose, binding));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
