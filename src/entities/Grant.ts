import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { AccessToken } from './AccessToken';
import { Application } from './Application';
import { User } from './User';

export const codeChallengeMethods = ['S256', 'plain'] as const;
export type CodeChallengeMethod = (typeof codeChallengeMethods)[number];

/**
 * An authorization code (RFC 6749 §4.1.2), django-oauth-toolkit's `Grant`. The code itself is
 * never stored, only its SHA-256 checksum. A redeemed code keeps its row, with `usedAt` and the
 * access token it produced, so that a second redemption is recognised and those tokens revoked.
 */
export class Grant {
  id!: string;
  checksum!: string;
  application!: Application;
  user!: User;
  /** The redirect_uri of the authorization request as sent; null when the client omitted it. */
  redirectUri: string | null = null;
  /** Space-separated scope string the user approved. */
  scope!: string;
  /** PKCE challenge (RFC 7636 §4.2); null when the client sent none. */
  codeChallenge: string | null = null;
  codeChallengeMethod: CodeChallengeMethod | null = null;
  expiresAt!: Date;
  createdAt: Date = new Date();
  /** When the code was redeemed; null until then. */
  usedAt: Date | null = null;
  /** The access token the redemption issued, to revoke if the code is presented again. */
  accessToken: AccessToken | null = null;
}

export const GrantSchema = new EntitySchema<Grant>({
  class: Grant,
  tableName: 'grants',
  properties: {
    // String mode: ids past 2^53 stay exact, and the class's `id: string` tells the truth.
    id: { type: new BigIntType('string'), primary: true, autoincrement: true },
    checksum: { type: 'character', length: 64, unique: true },
    application: { kind: 'm:1', entity: () => Application, deleteRule: 'cascade', index: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: true },
    redirectUri: { type: 'text', nullable: true },
    scope: { type: 'text' },
    codeChallenge: { type: 'string', length: 128, nullable: true },
    codeChallengeMethod: {
      enum: true,
      items: () => [...codeChallengeMethods],
      nativeEnumName: undefined,
      nullable: true,
    },
    expiresAt: { type: 'datetime', index: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    usedAt: { type: 'datetime', nullable: true },
    accessToken: {
      kind: 'm:1',
      entity: () => AccessToken,
      nullable: true,
      deleteRule: 'set null',
      index: true,
    },
  },
});
