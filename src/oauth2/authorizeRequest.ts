import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { Application } from '../entities';
import { AppError } from '../errors';
import { OAuthError, type OAuthErrorCode } from './errors';
import { matchesRegisteredRedirectUri } from './authorizeRedirectUri';
import { readCodeChallenge, type CodeChallenge } from './pkce';
import { resolveScopes } from './scopes';

/** The parameters of an authorization request this server reads (RFC 6749 §4.1.1, RFC 7636 §4.3). */
export const authorizationParameterNames = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
] as const;

export type AuthorizationParameters = Partial<
  Record<(typeof authorizationParameterNames)[number], string>
>;

/** A request that passed every check: the user may now be asked to approve it. */
export interface AuthorizationRequest {
  application: Application;
  /** Where the response goes: the redirect_uri sent, or the only registered one. */
  redirectUri: string;
  /** The redirect_uri as the client sent it; the token request must repeat it (§4.1.3). */
  redirectUriSent: string | null;
  scopes: string[];
  state: string | undefined;
  codeChallenge: CodeChallenge | null;
  /** The recognised parameters exactly as received, to carry through the login and consent forms. */
  parameters: AuthorizationParameters;
}

/**
 * A refused authorization request. With `redirect` set, the refusal goes back to the client as
 * RFC 6749 §4.1.2.1 describes; without it, the client or its redirect URI could not be trusted
 * and the user sees an error page instead.
 */
export class AuthorizationError extends Error {
  readonly error: OAuthErrorCode;
  readonly redirect: { uri: string; state: string | undefined } | null;

  constructor(
    error: OAuthErrorCode,
    description: string,
    redirect: { uri: string; state: string | undefined } | null,
  ) {
    super(description);
    this.name = 'AuthorizationError';
    this.error = error;
    this.redirect = redirect;
  }
}

/** Picks the recognised parameters; each must appear at most once (RFC 6749 §3.1). */
function pickParameters(input: Record<string, unknown>): {
  parameters: AuthorizationParameters;
  repeated: string[];
} {
  const parameters: AuthorizationParameters = {};
  const repeated: string[] = [];
  for (const name of authorizationParameterNames) {
    const value = input[name];
    if (typeof value === 'string') parameters[name] = value;
    else if (value !== undefined) repeated.push(name);
  }
  return { parameters, repeated };
}

const page = (error: OAuthErrorCode, description: string) =>
  new AuthorizationError(error, description, null);

/**
 * Identifies the client and where its response may be sent. Nothing is redirected before this
 * succeeds: an unknown client or an unregistered redirect URI would otherwise turn this endpoint
 * into an open redirector that forwards users, and codes, to an attacker (RFC 6749 §4.1.2.1,
 * RFC 9700 §4.11).
 */
async function identifyClient(
  em: EntityManager,
  parameters: AuthorizationParameters,
  repeated: string[],
): Promise<{ application: Application; redirectUri: string }> {
  if (repeated.includes('client_id') || repeated.includes('redirect_uri')) {
    throw page('invalid_request', 'client_id and redirect_uri may each be sent only once.');
  }

  const clientId = parameters.client_id;
  if (!clientId) throw page('invalid_request', 'The request has no client_id.');
  const application = clientId.length <= 100 ? await em.findOne(Application, { clientId }) : null;
  if (!application) throw page('invalid_client', 'No application has this client_id.');

  const sent = parameters.redirect_uri;
  if (sent === undefined) {
    // §3.1.2.3: the parameter may be left out only when there is no doubt where to go.
    const [only, ...others] = application.redirectUris;
    if (only === undefined || others.length > 0) {
      throw page('invalid_request', 'This application needs a redirect_uri in the request.');
    }
    return { application, redirectUri: only };
  }

  if (!matchesRegisteredRedirectUri(sent, application.redirectUris)) {
    throw page('invalid_request', 'The redirect_uri is not registered for this application.');
  }
  return { application, redirectUri: sent };
}

/**
 * Validates an authorization request (RFC 6749 §4.1.1): first the client and redirect URI, whose
 * failures are shown to the user, then the rest, whose failures go back to the client.
 */
export async function validateAuthorizationRequest(
  em: EntityManager,
  config: Config,
  input: Record<string, unknown>,
): Promise<AuthorizationRequest> {
  const { parameters, repeated } = pickParameters(input);
  const { application, redirectUri } = await identifyClient(em, parameters, repeated);

  const state = repeated.includes('state') ? undefined : parameters.state;
  const refuse = (error: OAuthErrorCode, description: string) =>
    new AuthorizationError(error, description, { uri: redirectUri, state });

  if (repeated.length > 0) {
    throw refuse('invalid_request', `Sent more than once: ${repeated.join(', ')}.`);
  }
  if (parameters.response_type === undefined) {
    throw refuse('invalid_request', 'The request has no response_type.');
  }
  // Only the code flow: RFC 9700 §2.1.2 retires the implicit grant.
  if (parameters.response_type !== 'code') {
    throw refuse('unsupported_response_type', 'Only response_type=code is supported.');
  }
  if (!application.grantTypes.includes('authorization_code')) {
    throw refuse(
      'unauthorized_client',
      'This application may not use the authorization code grant.',
    );
  }

  let scopes: string[];
  try {
    scopes = resolveScopes(parameters.scope, config);
  } catch (error) {
    if (error instanceof AppError) throw refuse('invalid_scope', error.message);
    throw error;
  }

  let codeChallenge: CodeChallenge | null;
  try {
    codeChallenge = readCodeChallenge(parameters.code_challenge, parameters.code_challenge_method, {
      required: config.pkceRequired === 'all' || application.clientType === 'public',
      config,
    });
  } catch (error) {
    if (error instanceof OAuthError) throw refuse(error.error, error.message);
    throw error;
  }

  return {
    application,
    redirectUri,
    redirectUriSent: parameters.redirect_uri ?? null,
    scopes,
    state,
    codeChallenge,
    parameters,
  };
}
