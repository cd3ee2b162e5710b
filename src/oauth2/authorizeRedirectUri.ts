import { isLoopbackHost } from './redirectUris';

/**
 * Matching the redirect_uri of an authorization request against the registered ones.
 *
 * Matching is exact string comparison (RFC 9700 §4.1.3): prefix or pattern matching has let
 * attackers steer codes to pages they control, through an extra path segment, an added query
 * parameter or an open redirector. The one relaxation is RFC 8252 §7.3: a native app listening
 * on a loopback interface gets an ephemeral port from its operating system, so for a registered
 * loopback URI any port matches while everything else must still be equal.
 */
export function matchesRegisteredRedirectUri(requested: string, registered: string[]): boolean {
  if (registered.includes(requested)) return true;
  return registered.some((uri) => matchesLoopbackIgnoringPort(requested, uri));
}

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function matchesLoopbackIgnoringPort(requested: string, registered: string): boolean {
  const want = parse(registered);
  const got = parse(requested);
  if (!want || !got) return false;
  if (want.protocol !== 'http:' || !isLoopbackHost(want.hostname)) return false;

  // A fragment is never allowed in a redirect URI (RFC 6749 §3.1.2), nor user-info, which
  // URL parsing would otherwise drop silently from the comparison below.
  if (requested.includes('#') || got.username !== '' || got.password !== '') return false;

  return (
    got.protocol === want.protocol &&
    got.hostname === want.hostname &&
    got.pathname === want.pathname &&
    got.search === want.search
  );
}
