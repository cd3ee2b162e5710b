import type { FilterQuery } from '@mikro-orm/postgresql';
import { AccessToken, Application, User } from '../../entities';
import { createUser } from '../../accounts/users';
import { createApplication } from '../../oauth2/applications';
import { issueAccessToken, revokeAccessToken } from '../../oauth2/accessTokens';
import { resolveScopes } from '../../oauth2/scopes';
import { AppError, ErrorCode, notFound } from '../../errors';
import { isStaffUser } from '../../auth/types';
import { parseId } from '../ids';
import { readPage, toConnection } from '../pagination';
import type { GraphQLContext } from '../context';
import type { MutationResolvers, QueryResolvers } from '../generated/types';

async function tokenPage(
  ctx: GraphQLContext,
  where: FilterQuery<AccessToken>,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const page = readPage(first, after);
  const filter: FilterQuery<AccessToken> = page.afterId
    ? { $and: [where, { id: { $lt: page.afterId } }] }
    : where;
  const rows = await ctx.em.find(AccessToken, filter, {
    populate: ['user', 'application'],
    orderBy: { id: 'desc' },
    limit: page.first + 1,
  });
  return toConnection(rows, page.first);
}

export const adminQueries: QueryResolvers = {
  applications: async (_parent, { first, after }, ctx) => {
    const page = readPage(first, after);
    const rows = await ctx.em.find(
      Application,
      page.afterId ? { id: { $gt: Number(page.afterId) } } : {},
      { populate: ['user'], orderBy: { id: 'asc' }, limit: page.first + 1 },
    );
    return toConnection(rows, page.first);
  },

  accessTokens: (_parent, { first, after, userId, applicationId }, ctx) => {
    const where: FilterQuery<AccessToken> = {};
    if (userId) where.user = Number(parseId(userId, 'userId'));
    if (applicationId) where.application = Number(parseId(applicationId, 'applicationId'));
    return tokenPage(ctx, where, first, after);
  },

  myAccessTokens: (_parent, { first, after }, ctx) =>
    tokenPage(ctx, { user: ctx.user?.id ?? -1 }, first, after),
};

export const adminMutations: MutationResolvers = {
  createUser: async (_parent, { input }, ctx) => {
    const user = await createUser(ctx.em, {
      username: input.username,
      password: input.password,
      isStaff: input.isStaff ?? false,
      isSuperuser: input.isSuperuser ?? false,
    });
    ctx.services.logger.info(
      { event: 'user_created', userId: user.id, by: ctx.user?.id },
      'user created',
    );
    return { user };
  },

  createApplication: async (_parent, { input }, ctx) => {
    const owner = ctx.user ? ctx.em.getReference(User, ctx.user.id) : null;
    const created = await createApplication(ctx.em, {
      name: input.name,
      clientType: input.clientType,
      grantTypes: input.grantTypes,
      redirectUris: input.redirectUris ?? [],
      skipAuthorization: input.skipAuthorization ?? false,
      owner,
    });
    await ctx.em.populate(created.application, ['user']);
    ctx.services.logger.info(
      { event: 'application_created', clientId: created.application.clientId, by: ctx.user?.id },
      'application registered',
    );
    return created;
  },

  issueAccessToken: async (_parent, { input }, ctx) => {
    const application = await ctx.em.findOne(Application, {
      id: Number(parseId(input.applicationId, 'applicationId')),
    });
    if (!application) throw notFound('No such application.');

    let user: User | null = null;
    if (input.userId) {
      user = await ctx.em.findOne(User, { id: Number(parseId(input.userId, 'userId')) });
      if (!user) throw notFound('No such user.');
    }

    const issued = await issueAccessToken(ctx.em, ctx.services.config, ctx.now, {
      application,
      user,
      scopes: resolveScopes(input.scope, ctx.services.config),
      expiresIn: input.expiresIn,
      token: input.token,
    });
    ctx.services.logger.info(
      {
        event: 'token_issued',
        grant: 'admin',
        tokenId: issued.accessToken.id,
        clientId: application.clientId,
        userId: user?.id,
        by: ctx.user?.id,
      },
      'access token issued',
    );
    ctx.services.metrics?.tokensIssued.inc({ grant_type: 'admin' });
    return issued;
  },

  revokeAccessToken: async (_parent, { id }, ctx) => {
    const token = await ctx.em.findOne(
      AccessToken,
      { id: parseId(id, 'id') },
      { populate: ['user', 'application'] },
    );
    // Another user's token is reported as missing, so ids cannot be probed for existence.
    const mayRevoke =
      token !== null &&
      (isStaffUser(ctx.user) || (token.user !== null && token.user.id === ctx.user?.id));
    if (!token || !mayRevoke) throw new AppError(ErrorCode.NotFound, 'No such access token.');

    await revokeAccessToken(ctx.em, token, ctx.now);
    ctx.services.logger.info(
      { event: 'token_revoked', tokenId: token.id, by: ctx.user?.id },
      'access token revoked',
    );
    ctx.services.metrics?.tokensRevoked.inc({ via: 'graphql' });
    return { accessToken: token };
  },
};
