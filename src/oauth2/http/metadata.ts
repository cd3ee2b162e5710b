import type { FastifyInstance } from 'fastify';
import { grantTypes } from '../../entities';
import type { Config } from '../../config';
import type { Services } from '../../auth/deps';

/** The client authentication methods of src/oauth2/clientAuth.ts, by their RFC 7591 names. */
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'];

/**
 * Authorization server metadata (RFC 8414 §2), from which clients such as openid-client learn
 * every endpoint and capability instead of having them configured by hand. The issuer is
 * configured, never taken from the request's Host header, which an attacker controls.
 */
export function authorizationServerMetadata(config: Config) {
  const { issuer } = config;
  return {
    issuer,
    authorization_endpoint: `${issuer}/o/authorize`,
    token_endpoint: `${issuer}/o/token`,
    revocation_endpoint: `${issuer}/o/revoke_token`,
    introspection_endpoint: `${issuer}/o/introspect`,
    scopes_supported: config.scopes,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...grantTypes],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    // Public clients cannot introspect; a bearer token with the introspection scope also
    // can, but RFC 8414 names only client authentication methods here.
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: config.pkceAllowPlain ? ['S256', 'plain'] : ['S256'],
    // RFC 9207: authorization responses carry `iss`, so a client can detect mix-up attacks.
    authorization_response_iss_parameter_supported: true,
  };
}

/** Protected resource metadata (RFC 9728 §2) for the GraphQL API these tokens open. */
export function protectedResourceMetadata(config: Config) {
  return {
    resource: `${config.issuer}/graphql`,
    authorization_servers: [config.issuer],
    // src/auth/bearer.ts reads tokens from the Authorization header only (RFC 9700 §4.3.2).
    bearer_methods_supported: ['header'],
    scopes_supported: config.scopes,
  };
}

/**
 * GET /.well-known/oauth-authorization-server and the RFC 9728 document, both at the root and
 * at the path-suffixed location RFC 9728 §3.1 derives from the resource URL (`/graphql`).
 */
export function registerMetadataRoutes(app: FastifyInstance, services: Services): void {
  const { config } = services;
  app.get('/.well-known/oauth-authorization-server', async () =>
    authorizationServerMetadata(config),
  );
  for (const path of [
    '/.well-known/oauth-protected-resource',
    '/.well-known/oauth-protected-resource/graphql',
  ]) {
    app.get(path, async () => protectedResourceMetadata(config));
  }
}
