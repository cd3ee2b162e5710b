import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { User } from './User';

/**
 * A login session. The cookie carries a random key; the row stores only its SHA-256 checksum,
 * so reading the table does not let anyone ride a session.
 */
export class Session {
  id!: string;
  checksum!: string;
  user!: User;
  expiresAt!: Date;
  createdAt: Date = new Date();
}

export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'sessions',
  properties: {
    // String mode: ids past 2^53 stay exact, and the class's `id: string` tells the truth.
    id: { type: new BigIntType('string'), primary: true, autoincrement: true },
    checksum: { type: 'character', length: 64, unique: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: true },
    expiresAt: { type: 'datetime', index: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
  },
});
