import { EntitySchema } from '@mikro-orm/core';
import { User } from './User';

export const clientTypes = ['confidential', 'public'] as const;
export type ClientType = (typeof clientTypes)[number];

export const grantTypes = [
  'authorization_code',
  'client_credentials',
  'password',
  'refresh_token',
] as const;
export type GrantType = (typeof grantTypes)[number];

/** An OAuth2 client (RFC 6749 §2), as django-oauth-toolkit's `Application`. */
export class Application {
  id!: number;
  clientId!: string;
  /** Slow hash of the client secret, shown to its owner once at creation; empty for public clients. */
  clientSecretHash = '';
  clientType!: ClientType;
  grantTypes!: GrantType[];
  redirectUris: string[] = [];
  name!: string;
  skipAuthorization = false;
  user: User | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const ApplicationSchema = new EntitySchema<Application>({
  class: Application,
  tableName: 'applications',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    clientId: { type: 'string', length: 100, unique: true },
    clientSecretHash: { type: 'text', lazy: true },
    clientType: { enum: true, items: () => [...clientTypes], nativeEnumName: undefined },
    grantTypes: { type: 'text[]' },
    redirectUris: { type: 'text[]' },
    name: { type: 'string', length: 255 },
    skipAuthorization: { type: 'boolean', default: false },
    user: { kind: 'm:1', entity: () => User, nullable: true, deleteRule: 'set null' },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
