import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { Application } from './Application';
import { User } from './User';
import type { RefreshToken } from './RefreshToken';

/**
 * An issued bearer token (RFC 6750). Only the SHA-256 checksum of the token is stored, so a
 * leaked database does not leak usable credentials.
 */
export class AccessToken {
  id!: string;
  checksum!: string;
  /** Null for tokens issued to the client itself (client credentials grant). */
  user: User | null = null;
  application!: Application;
  /** Space-separated scope string, as RFC 6749 §3.3 writes it. */
  scope!: string;
  expiresAt!: Date;
  createdAt: Date = new Date();
  revokedAt: Date | null = null;
  /** The refresh token whose use produced this access token, if any. */
  sourceRefreshToken: RefreshToken | null = null;
}

export const AccessTokenSchema = new EntitySchema<AccessToken>({
  class: AccessToken,
  tableName: 'access_tokens',
  properties: {
    // String mode: ids past 2^53 stay exact, and the class's `id: string` tells the truth.
    id: { type: new BigIntType('string'), primary: true, autoincrement: true },
    checksum: { type: 'character', length: 64, unique: true },
    user: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'cascade', index: true },
    application: { kind: 'm:1', entity: () => Application, deleteRule: 'cascade', index: true },
    scope: { type: 'text' },
    expiresAt: { type: 'datetime', index: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    revokedAt: { type: 'datetime', nullable: true },
    sourceRefreshToken: {
      kind: 'm:1',
      entity: 'RefreshToken',
      nullable: true,
      deleteRule: 'set null',
      index: true,
    },
  },
});
