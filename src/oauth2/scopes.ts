import type { Config } from '../config';
import { badInput } from '../errors';

/** scope-token from RFC 6749 §3.3: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Turns a requested scope string into a list of configured scopes, or the default scopes when
 * none is requested. An unknown or malformed scope is refused rather than silently dropped, so
 * a client never believes it holds a permission it was not granted.
 */
export function resolveScopes(requested: string | null | undefined, config: Config): string[] {
  if (requested === undefined || requested === null || requested.trim() === '') {
    return [...config.defaultScopes];
  }

  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  const malformed = scopes.find((scope) => !SCOPE_TOKEN.test(scope));
  if (malformed !== undefined || requested !== requested.trim() || / {2}/.test(requested)) {
    throw badInput('Scope must be scope names separated by single spaces.', 'scope');
  }

  const unknown = scopes.filter((scope) => !config.scopes.includes(scope));
  if (unknown.length > 0) {
    throw badInput(
      `Unknown scope ${unknown.join(' ')}; this server knows ${config.scopes.join(' ')}.`,
      'scope',
    );
  }
  return scopes;
}

export const formatScopes = (scopes: string[]): string => scopes.join(' ');
