import type { Config } from '../../config';
import { AppError } from '../../errors';
import { OAuthError } from '../errors';
import { resolveScopes } from '../scopes';

/**
 * The scopes a token request asks for (RFC 6749 §3.3): configured ones only, the default scopes
 * when the parameter is omitted. A malformed or unknown scope is `invalid_scope`, never dropped
 * silently, so a client does not believe it holds a permission it was not granted.
 */
export function requestedScopes(value: string | undefined, config: Config): string[] {
  try {
    return resolveScopes(value, config);
  } catch (error) {
    if (error instanceof AppError) throw new OAuthError('invalid_scope', error.message);
    throw error;
  }
}
