import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Session, User } from '../entities';
import type { Config } from '../config';
import { checksum, generateToken } from './tokens';

/**
 * Starting and ending login sessions. The cookie is HttpOnly (no script can read it), SameSite=Lax
 * (other sites' POSTs do not carry it, which with Apollo's CSRF check closes cross-site
 * requests), signed with SECRET_KEY, and Secure whenever the request came over https.
 */
export async function startSession(
  em: EntityManager,
  config: Config,
  user: User,
  now: Date,
): Promise<{ key: string; expiresAt: Date }> {
  const key = generateToken();
  const expiresAt = new Date(now.getTime() + config.sessionLifetime * 1000);
  em.create(Session, { checksum: checksum(key), user, expiresAt, createdAt: now });
  user.lastLogin = now;
  await em.flush();
  return { key, expiresAt };
}

export async function endSession(em: EntityManager, sessionId: string): Promise<void> {
  await em.nativeDelete(Session, { id: sessionId });
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  session: { key: string; expiresAt: Date },
): void {
  reply.setCookie(config.sessionCookieName, session.key, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Config,
): void {
  reply.clearCookie(config.sessionCookieName, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
  });
}
