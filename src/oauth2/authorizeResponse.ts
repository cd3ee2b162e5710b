/**
 * Builds the URL that carries an authorization response or error back to the client
 * (RFC 6749 §4.1.2 and §4.1.2.1). The registered URI is kept exactly as registered, its own
 * query included (§3.1.2), and the response parameters are appended to it.
 *
 * `iss` names this server (RFC 9207 §2): a client talking to several authorization servers
 * can then tell which one answered and refuse a response an attacker routed through another
 * (the mix-up attack, RFC 9700 §4.4).
 */
export function authorizationResponseUrl(
  redirectUri: string,
  response: Record<string, string | undefined>,
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(response)) {
    if (value !== undefined) query.append(name, value);
  }
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query.toString()}`;
}
