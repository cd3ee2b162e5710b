import { Application, User } from '../../entities';
import { AppError, ErrorCode, notFound } from '../../errors';
import { parseId } from '../ids';
import type { MutationResolvers } from '../generated/types';

/**
 * Cutting off access beyond one token: deactivating a user and deleting an application. Both
 * only change rows; the triggers of the auth-invalidation migration tell every server process,
 * whose caches then drop the sessions and tokens concerned before their next request.
 */
export const revocationMutations: MutationResolvers = {
  setUserActive: async (_parent, { id, isActive }, ctx) => {
    const user = await ctx.em.findOne(User, { id: Number(parseId(id, 'id')) });
    if (!user) throw notFound('No such user.');

    // As in Django's admin, staff rights alone do not reach an account holding every permission.
    if (user.isSuperuser && !ctx.user?.isSuperuser) {
      throw new AppError(ErrorCode.Forbidden, 'Only a superuser may change a superuser.');
    }
    // Deactivating oneself would end this very session with no one left who noticed.
    if (!isActive && user.id === ctx.user?.id) {
      throw new AppError(ErrorCode.Forbidden, 'You cannot deactivate your own account.');
    }

    if (user.isActive !== isActive) {
      user.isActive = isActive;
      await ctx.em.flush();
      ctx.services.logger.info(
        {
          event: isActive ? 'user_activated' : 'user_deactivated',
          userId: user.id,
          by: ctx.user?.id,
        },
        isActive ? 'user activated' : 'user deactivated',
      );
    }
    return { user };
  },

  deleteApplication: async (_parent, { id }, ctx) => {
    const application = await ctx.em.findOne(
      Application,
      { id: Number(parseId(id, 'id')) },
      { populate: ['user'] },
    );
    if (!application) throw notFound('No such application.');

    // The foreign keys cascade: its access tokens, refresh tokens and codes go with it.
    await ctx.em.nativeDelete(Application, { id: application.id });
    ctx.services.logger.info(
      { event: 'application_deleted', clientId: application.clientId, by: ctx.user?.id },
      'application deleted',
    );
    return { application };
  },
};
