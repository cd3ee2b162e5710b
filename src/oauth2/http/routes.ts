import type { FastifyInstance } from 'fastify';
import type { Services } from '../../auth/deps';

/**
 * The OAuth2 provider's HTTP endpoints beside /graphql: token, revocation, introspection,
 * authorization and metadata. Each endpoint lives in its own file in this folder.
 */
export async function registerOAuth2Routes(
  _app: FastifyInstance,
  _services: Services,
): Promise<void> {}
