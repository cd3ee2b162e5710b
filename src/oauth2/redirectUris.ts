import { isIP } from 'node:net';
import { badInput } from '../errors';

/** Loopback hosts for which RFC 8252 §7.3 lets native apps use http and any port. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
}

/**
 * Validates a redirect URI an application registers (RFC 6749 §3.1.2, RFC 9700 §4.1): an
 * absolute URI without a fragment or user-info; https, http only on loopback (RFC 8252 §7.3),
 * or a private-use scheme for native apps (RFC 8252 §7.1). Parsing is WHATWG URL's.
 */
export function validateRedirectUri(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput(`Redirect URI "${value}" is not an absolute URI.`, 'redirectUris');
  }

  if (url.hash !== '' || value.includes('#')) {
    throw badInput(`Redirect URI "${value}" must not contain a fragment.`, 'redirectUris');
  }
  if (url.username !== '' || url.password !== '') {
    throw badInput(`Redirect URI "${value}" must not contain user information.`, 'redirectUris');
  }

  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'http' && !isLoopbackHost(url.hostname)) {
    throw badInput(
      `Redirect URI "${value}" must use https; http is allowed only for loopback addresses.`,
      'redirectUris',
    );
  }
  if (['javascript', 'data', 'file', 'vbscript', 'blob'].includes(scheme)) {
    throw badInput(`Redirect URI "${value}" uses a forbidden scheme.`, 'redirectUris');
  }
  return value;
}
