import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Application } from '../entities';
import type { Services } from '../auth/deps';
import { burnPasswordCheck, verifyPassword } from '../auth/password';
import { OAuthError } from './errors';

/** The client authentication methods of RFC 6749 §2.3.1 and RFC 7591 §2 this server accepts. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface AuthenticatedClient {
  application: Application;
  /** `none` means a public client that only identified itself by its client id. */
  method: ClientAuthMethod;
}

interface PresentedClient {
  method: ClientAuthMethod;
  clientId: string;
  secret: string;
}

/** The width of the client id column; a longer id cannot exist. */
const MAX_CLIENT_ID_LENGTH = 100;

/** token68 from RFC 7235 §2.1, restricted to the base64 alphabet Basic uses (RFC 7617 §2). */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Why an attempt failed, for the operator's log line only: the client is always told the same
 * `invalid_client`, so an attacker cannot tell an unknown client from a wrong secret.
 */
type FailureReason =
  | 'malformed_basic'
  | 'no_credentials'
  | 'unknown_client'
  | 'wrong_secret'
  | 'secret_required'
  | 'public_client_with_secret';

class ClientAuthFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    readonly clientId: string | null,
  ) {
    super(reason);
  }
}

/**
 * Decodes one half of a Basic credential. RFC 6749 §2.3.1 has the client form-encode its id and
 * secret before Basic joins them with a colon, so `+` stands for a space and `%3A` for a colon.
 * URLSearchParams applies exactly that decoding; a raw `&` cannot occur in a form-encoded value.
 */
function formDecode(value: string): string | null {
  if (value.includes('&')) return null;
  return new URLSearchParams(`v=${value}`).get('v');
}

/** Reads `Authorization: Basic`; null when another scheme (or none) is used. */
function readBasic(header: string | undefined): PresentedClient | null {
  if (header === undefined) return null;

  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== 'basic') return null;

  const encoded = space < 0 ? '' : header.slice(space).replace(/^ +/, '');
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    throw new ClientAuthFailure('malformed_basic', null);
  }

  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new ClientAuthFailure('malformed_basic', null);

  const clientId = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  if (!clientId || secret === null) throw new ClientAuthFailure('malformed_basic', null);
  return { method: 'client_secret_basic', clientId, secret };
}

/**
 * Picks the one method the request uses. RFC 6749 §2.3 forbids more than one authentication
 * method in a request, so credentials in both the header and the body are refused outright
 * rather than letting one silently win. A body `client_id` equal to the Basic one is tolerated:
 * several client libraries send it alongside Basic, and it adds no second credential.
 */
function presentedClient(request: FastifyRequest, params: Record<string, string>): PresentedClient {
  const basic = readBasic(request.headers.authorization);
  if (basic) {
    if (params.client_secret !== undefined) {
      throw new OAuthError('invalid_request', 'Use one client authentication method, not two.');
    }
    if (params.client_id !== undefined && params.client_id !== basic.clientId) {
      throw new OAuthError('invalid_request', 'client_id differs from the Basic credentials.');
    }
    return basic;
  }

  if (params.client_secret !== undefined) {
    if (params.client_id === undefined) {
      throw new OAuthError('invalid_request', 'client_secret was sent without client_id.');
    }
    return {
      method: 'client_secret_post',
      clientId: params.client_id,
      secret: params.client_secret,
    };
  }

  if (params.client_id !== undefined) {
    return { method: 'none', clientId: params.client_id, secret: '' };
  }
  throw new ClientAuthFailure('no_credentials', null);
}

async function verify(em: EntityManager, presented: PresentedClient): Promise<Application> {
  const application =
    presented.clientId.length > MAX_CLIENT_ID_LENGTH
      ? null
      : await em.findOne(
          Application,
          { clientId: presented.clientId },
          { populate: ['clientSecretHash'] },
        );

  if (presented.method === 'none') {
    // A public client has no secret to check, so identification is all there is (RFC 6749
    // §2.1); a confidential one must prove itself and cannot fall back to this.
    // An id that matches no client is not logged: it may be a secret pasted in the wrong place.
    if (!application) throw new ClientAuthFailure('unknown_client', null);
    if (application.clientType !== 'public') {
      throw new ClientAuthFailure('secret_required', presented.clientId);
    }
    return application;
  }

  if (!application) {
    // Hash anyway, so that the response time does not reveal which client ids exist.
    await burnPasswordCheck(presented.secret);
    throw new ClientAuthFailure('unknown_client', null);
  }
  if (application.clientType === 'public') {
    // A public client cannot keep a secret (RFC 6749 §2.1); one sending a secret is confused
    // or is not that client.
    throw new ClientAuthFailure('public_client_with_secret', presented.clientId);
  }
  // The secret is hashed and compared with the stored slow hash, never compared as a string:
  // presenting the stored hash itself (from a leaked database) hashes to something else.
  if (!(await verifyPassword(presented.secret, application.clientSecretHash))) {
    throw new ClientAuthFailure('wrong_secret', presented.clientId);
  }
  return application;
}

/**
 * Authenticates the client of a token, revocation or introspection request (RFC 6749 §2.3):
 * HTTP Basic, `client_id` and `client_secret` in the form body, or, for public clients, only
 * `client_id`.
 *
 * A failure is `invalid_client` with 401 and a `WWW-Authenticate: Basic` challenge (RFC 6749
 * §5.2 requires it when Basic was tried; RFC 9110 §11.6.1 requires a challenge on every 401),
 * and one log line naming the client id and the reason, never the secret.
 */
export async function authenticateClient(
  request: FastifyRequest,
  params: Record<string, string>,
  em: EntityManager,
  services: Services,
): Promise<AuthenticatedClient> {
  let presented: PresentedClient | null = null;
  try {
    presented = presentedClient(request, params);
    const application = await verify(em, presented);
    return { application, method: presented.method };
  } catch (error) {
    if (!(error instanceof ClientAuthFailure)) throw error;

    request.log.warn(
      {
        event: 'client_auth_failed',
        // Only an id that names a registered client: anything else may be a secret pasted in
        // the wrong field, and must not reach the log.
        clientId: error.clientId,
        method: presented?.method ?? null,
        reason: error.reason,
      },
      'client authentication failed',
    );
    throw new OAuthError('invalid_client', 'Client authentication failed.', {
      status: 401,
      headers: { 'www-authenticate': `Basic realm="${services.config.realm}"` },
    });
  }
}
