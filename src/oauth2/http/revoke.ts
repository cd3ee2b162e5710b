import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessToken, RefreshToken, type Application } from '../../entities';
import type { Services } from '../../auth/deps';
import { checksum } from '../../auth/tokens';
import { revokeAccessToken } from '../accessTokens';
import { authenticateClient } from '../clientAuth';
import { OAuthError } from '../errors';
import { revokeFamily } from '../rotationFamily';
import { formParams } from './form';
import { noStore } from './responses';

/** What a lookup found: another client's token (left alone) or a token now revoked. */
type Found = { outcome: 'not_owned' | 'revoked'; tokenId: string } | null;

async function revokeAccess(
  em: EntityManager,
  client: Application,
  digest: string,
  now: Date,
): Promise<Found> {
  const token = await em.findOne(AccessToken, { checksum: digest });
  if (!token) return null;
  if (token.application.id !== client.id) return { outcome: 'not_owned', tokenId: token.id };

  // Takes the refresh token issued with it along (src/oauth2/accessTokens.ts).
  await revokeAccessToken(em, token, now);
  return { outcome: 'revoked', tokenId: token.id };
}

async function revokeRefresh(
  em: EntityManager,
  client: Application,
  digest: string,
  now: Date,
): Promise<Found> {
  const token = await em.findOne(RefreshToken, { checksum: digest });
  if (!token) return null;
  if (token.application.id !== client.id) return { outcome: 'not_owned', tokenId: token.id };

  // RFC 7009 §2.1: revoking a refresh token SHOULD invalidate the access tokens of the same
  // grant; the family is that grant, so all of it goes.
  await em.transactional((tx) => revokeFamily(tx, token.familyId, now));
  return { outcome: 'revoked', tokenId: token.id };
}

/**
 * POST /o/revoke_token, token revocation (RFC 7009). The client authenticates as at the token
 * endpoint and names a token; `token_type_hint` only decides which kind is searched first
 * (§2.1: an unknown or wrong hint means searching the others).
 *
 * The answer is 200 with an empty body whether the token was revoked, already dead, unknown, or
 * another client's (§2.2). A different answer for another client's token would let a client
 * probe which token values exist; that token is left untouched, since only its own client may
 * revoke it.
 */
export function revokeEndpoint(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const params = formParams(request);
    if (params.token === undefined) {
      throw new OAuthError('invalid_request', 'The token parameter is required.');
    }

    const em = services.orm.em.fork();
    const { application } = await authenticateClient(request, params, em, services);
    const now = services.now();
    const digest = checksum(params.token);

    const kinds = [
      { type: 'access_token', revoke: revokeAccess },
      { type: 'refresh_token', revoke: revokeRefresh },
    ];
    if (params.token_type_hint === 'refresh_token') kinds.reverse();

    for (const kind of kinds) {
      const found = await kind.revoke(em, application, digest, now);
      if (!found) continue;

      const revoked = found.outcome === 'revoked';
      if (revoked) services.metrics?.tokensRevoked.inc({ via: 'revocation_endpoint' });
      request.log.info(
        {
          event: revoked ? 'token_revoked' : 'token_revocation_not_owned',
          clientId: application.clientId,
          tokenType: kind.type,
          tokenId: found.tokenId,
        },
        revoked ? 'token revoked' : "another client's token left untouched",
      );
      break;
    }
    return noStore(reply).status(200).send();
  };
}
