import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { User } from '../entities';
import { AppError, ErrorCode, badInput } from '../errors';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/password';

/** Django's username rule: letters, digits and @ . + - _, at most 150 characters. */
const USERNAME = /^[\p{L}\p{N}@.+\-_]{1,150}$/u;
const MIN_PASSWORD_LENGTH = 8;
/** scrypt hashes whatever it is given; a cap keeps a megabyte "password" from costing CPU. */
const MAX_PASSWORD_LENGTH = 4096;

export interface NewUser {
  username: string;
  password: string;
  isStaff?: boolean;
  isSuperuser?: boolean;
}

export async function createUser(em: EntityManager, input: NewUser): Promise<User> {
  if (!USERNAME.test(input.username)) {
    throw badInput(
      'Username must be 1 to 150 letters, digits and @ . + - _ characters.',
      'username',
    );
  }
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
    throw badInput(`Password must be at least ${MIN_PASSWORD_LENGTH} characters.`, 'password');
  }

  const user = em.create(User, {
    username: input.username,
    password: await hashPassword(input.password),
    isActive: true,
    isStaff: input.isStaff ?? false,
    isSuperuser: input.isSuperuser ?? false,
    dateJoined: new Date(),
    lastLogin: null,
  });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new AppError(ErrorCode.Conflict, `The username "${input.username}" is taken.`, {
        field: 'username',
      });
    }
    throw error;
  }
  return user;
}

export async function findUserByUsername(em: EntityManager, username: string): Promise<User> {
  const user = await em.findOne(User, { username });
  if (!user) throw new AppError(ErrorCode.NotFound, `No user named "${username}".`);
  return user;
}

/**
 * Checks a username and password, as Django's ModelBackend does. An unknown username costs the
 * same hashing time as a wrong password, so timing does not reveal which accounts exist, and
 * an inactive user is refused like a wrong password.
 */
export async function checkCredentials(
  em: EntityManager,
  username: string,
  password: string,
): Promise<User | null> {
  if (password.length > MAX_PASSWORD_LENGTH || username.length > 150) return null;

  const user = await em.findOne(User, { username }, { populate: ['password'] });
  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  const matches = await verifyPassword(password, user.password);
  return matches && user.isActive ? user : null;
}
