import { EntitySchema } from '@mikro-orm/core';

/** A person who logs in, modelled on Django's `auth.User`. */
export class User {
  id!: number;
  username!: string;
  /** `scrypt$…` hash from src/auth/password.ts; never the password itself. */
  password!: string;
  isActive = true;
  isStaff = false;
  isSuperuser = false;
  dateJoined: Date = new Date();
  lastLogin: Date | null = null;
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    username: { type: 'string', length: 150, unique: true },
    password: { type: 'text', lazy: true },
    isActive: { type: 'boolean', default: true },
    isStaff: { type: 'boolean', default: false },
    isSuperuser: { type: 'boolean', default: false },
    dateJoined: { type: 'datetime', defaultRaw: 'now()' },
    lastLogin: { type: 'datetime', nullable: true },
  },
});
