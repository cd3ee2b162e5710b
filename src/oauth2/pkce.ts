import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import type { CodeChallengeMethod } from '../entities';
import { OAuthError } from './errors';

/**
 * Proof Key for Code Exchange (RFC 7636). The client sends a challenge derived from a secret
 * verifier with the authorization request and the verifier itself with the token request, so a
 * code intercepted on its way back (a malicious app claiming the same redirect URI, a leaked log)
 * is useless without the verifier. RFC 9700 §2.1.1 asks for it from every public client.
 */

/** code_verifier and code_challenge share one syntax: 43 to 128 unreserved characters (§4.1, §4.2). */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface CodeChallenge {
  challenge: string;
  method: CodeChallengeMethod;
}

/**
 * Reads code_challenge and code_challenge_method from an authorization request. Returns null
 * when the client sent none and is not required to; otherwise a refusal is `invalid_request`
 * (RFC 7636 §4.4.1).
 */
export function readCodeChallenge(
  challenge: string | undefined,
  method: string | undefined,
  options: { required: boolean; config: Config },
): CodeChallenge | null {
  if (challenge === undefined) {
    if (options.required) {
      throw new OAuthError('invalid_request', 'This client must use PKCE: send code_challenge.');
    }
    if (method !== undefined) {
      throw new OAuthError(
        'invalid_request',
        'code_challenge_method was sent without a challenge.',
      );
    }
    return null;
  }

  if (!PKCE_VALUE.test(challenge)) {
    throw new OAuthError(
      'invalid_request',
      'code_challenge must be 43 to 128 unreserved characters.',
    );
  }

  // §4.3: a missing method means plain. Plain only protects against an attacker who sees the
  // response and not the request, so it is off unless the operator turns it on (RFC 9700 §2.1.1).
  const resolved = method ?? 'plain';
  if (resolved === 'S256') return { challenge, method: 'S256' };
  if (resolved === 'plain' && options.config.pkceAllowPlain) return { challenge, method: 'plain' };
  throw new OAuthError(
    'invalid_request',
    options.config.pkceAllowPlain
      ? 'code_challenge_method must be S256 or plain.'
      : 'code_challenge_method must be S256.',
  );
}

/**
 * Checks a code_verifier against the stored challenge (RFC 7636 §4.6). The comparison runs in
 * constant time, so response timing does not reveal how much of a guessed value was right.
 */
export function verifyCodeVerifier(verifier: string, stored: CodeChallenge): boolean {
  if (!PKCE_VALUE.test(verifier)) return false;

  const derived =
    stored.method === 'S256'
      ? createHash('sha256').update(verifier, 'ascii').digest('base64url')
      : verifier;
  const expected = Buffer.from(stored.challenge, 'ascii');
  const actual = Buffer.from(derived, 'ascii');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
