import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { AccessToken } from './AccessToken';
import { Application } from './Application';
import { User } from './User';

/**
 * A refresh token (RFC 6749 §1.5). Rotated tokens stay as revoked tombstones in their family so
 * that a replayed one can be recognised and the whole family revoked (RFC 9700 §4.14.2).
 */
export class RefreshToken {
  id!: string;
  checksum!: string;
  accessToken: AccessToken | null = null;
  user: User | null = null;
  application!: Application;
  familyId!: string;
  /**
   * The scope granted with this token, from its access token when none is given. Kept here
   * because `cleartokens` deletes expired access tokens while their refresh token lives on, and
   * a refresh must still know what it may grant (RFC 6749 §6: never more than before).
   */
  scope: string | null = null;
  createdAt: Date = new Date();
  revokedAt: Date | null = null;
}

export const RefreshTokenSchema = new EntitySchema<RefreshToken>({
  class: RefreshToken,
  tableName: 'refresh_tokens',
  properties: {
    // String mode: ids past 2^53 stay exact, and the class's `id: string` tells the truth.
    id: { type: new BigIntType('string'), primary: true, autoincrement: true },
    checksum: { type: 'character', length: 64, unique: true },
    accessToken: {
      kind: 'm:1',
      entity: () => AccessToken,
      nullable: true,
      deleteRule: 'set null',
      index: true,
    },
    user: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'cascade', index: true },
    application: { kind: 'm:1', entity: () => Application, deleteRule: 'cascade', index: true },
    familyId: { type: 'uuid', index: true },
    scope: {
      type: 'text',
      nullable: true,
      onCreate: (token: RefreshToken) => token.scope ?? token.accessToken?.scope ?? null,
    },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    revokedAt: { type: 'datetime', nullable: true },
  },
});
