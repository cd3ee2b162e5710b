import type { Authentication } from '../auth/types';

/**
 * The `WWW-Authenticate` challenge of RFC 6750 §3. With no credentials the challenge carries no
 * error code (§3.1: a request that lacks authentication gets none); with a refused token it
 * says `invalid_token`; with a token short of a scope, `insufficient_scope` and the scope.
 */
export function bearerChallenge(
  realm: string,
  auth: Pick<Authentication, 'tokenRejection'>,
  scope?: string,
): string {
  if (scope !== undefined) {
    return `Bearer realm="${realm}", error="insufficient_scope", scope="${scope}"`;
  }
  if (auth.tokenRejection) return `Bearer realm="${realm}", error="invalid_token"`;
  return `Bearer realm="${realm}"`;
}
