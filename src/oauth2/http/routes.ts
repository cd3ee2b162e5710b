import type { FastifyInstance } from 'fastify';
import type { Services } from '../../auth/deps';
import { registerAuthorizeRoutes } from './authorize';
import { acceptFormBodiesOnly } from './form';
import { introspectEndpoint } from './introspect';
import { registerMetadataRoutes } from './metadata';
import { oauthErrorHandler } from './responses';
import { revokeEndpoint } from './revoke';
import { tokenEndpoint } from './token';

/**
 * The OAuth2 provider's HTTP endpoints beside /graphql: token, revocation, introspection,
 * authorization and metadata. Each endpoint lives in its own file in this folder.
 *
 * The three form-posting endpoints share an encapsulated scope that parses nothing but form
 * bodies and answers every error as RFC 6749 §5.2 JSON; routes outside it keep the app's
 * parsers and error handling.
 */
export async function registerOAuth2Routes(
  app: FastifyInstance,
  services: Services,
): Promise<void> {
  await app.register(async (scope) => {
    acceptFormBodiesOnly(scope);
    scope.setErrorHandler(oauthErrorHandler);

    scope.post('/o/token', tokenEndpoint(services));
    scope.post('/o/revoke_token', revokeEndpoint(services));
    scope.post('/o/introspect', introspectEndpoint(services));
  });

  registerMetadataRoutes(app, services);
  await registerAuthorizeRoutes(app, services);
}
