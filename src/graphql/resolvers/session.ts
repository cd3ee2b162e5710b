import { AppError, ErrorCode } from '../../errors';
import { checkCredentials } from '../../accounts/users';
import {
  clearSessionCookie,
  endSession,
  setSessionCookie,
  startSession,
} from '../../auth/sessions';
import type { MutationResolvers, QueryResolvers } from '../generated/types';

export const sessionQueries: QueryResolvers = {
  secret: () => 'Secret contents!',
  me: (_parent, _args, ctx) => ctx.user,
};

export const sessionMutations: MutationResolvers = {
  login: async (_parent, { username, password }, ctx) => {
    const user = await checkCredentials(ctx.em, username, password);
    if (!user) {
      ctx.services.logger.info({ event: 'login_failed' }, 'login refused');
      throw new AppError(ErrorCode.InvalidCredentials, 'Invalid username or password.');
    }

    // A fresh key on every login, so a session fixed by an attacker before login is useless.
    if (ctx.auth.sessionId) await endSession(ctx.em, ctx.auth.sessionId);
    const session = await startSession(ctx.em, ctx.services.config, user, ctx.now);
    setSessionCookie(ctx.request, ctx.reply, ctx.services.config, session);
    ctx.services.logger.info({ event: 'login', userId: user.id }, 'user logged in');
    return { user };
  },

  logout: async (_parent, _args, ctx) => {
    if (ctx.auth.sessionId) {
      await endSession(ctx.em, ctx.auth.sessionId);
      ctx.services.logger.info({ event: 'logout', userId: ctx.user?.id }, 'user logged out');
    }
    clearSessionCookie(ctx.request, ctx.reply, ctx.services.config);
    return true;
  },
};
