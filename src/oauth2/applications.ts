import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Application, User, type ClientType, type GrantType } from '../entities';
import { AppError, ErrorCode, badInput } from '../errors';
import { hashPassword } from '../auth/password';
import { validateRedirectUri } from './redirectUris';

export interface NewApplication {
  name: string;
  clientType: ClientType;
  grantTypes: GrantType[];
  redirectUris?: string[];
  skipAuthorization?: boolean;
  owner?: User | null;
}

export interface CreatedApplication {
  application: Application;
  /** Shown once to the caller; only its hash is stored. Null for public clients. */
  clientSecret: string | null;
}

/**
 * Registers an OAuth2 client. The client secret is generated here, returned once, and stored
 * only as a slow hash, so a copy of the database does not let anyone act as the client.
 */
export async function createApplication(
  em: EntityManager,
  input: NewApplication,
): Promise<CreatedApplication> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 255) {
    throw badInput('Name must be 1 to 255 characters.', 'name');
  }

  const grantTypes = [...new Set(input.grantTypes)];
  if (grantTypes.length === 0) throw badInput('Give at least one grant type.', 'grantTypes');
  // RFC 6749 §4.4: only a client that can authenticate may obtain tokens for itself.
  if (input.clientType === 'public' && grantTypes.includes('client_credentials')) {
    throw badInput('A public client cannot use the client_credentials grant.', 'grantTypes');
  }

  const redirectUris = [...new Set(input.redirectUris ?? [])].map(validateRedirectUri);
  if (grantTypes.includes('authorization_code') && redirectUris.length === 0) {
    throw badInput('The authorization_code grant needs at least one redirect URI.', 'redirectUris');
  }

  const clientSecret =
    input.clientType === 'confidential' ? randomBytes(48).toString('base64url') : null;
  const application = em.create(Application, {
    clientId: randomBytes(24).toString('base64url'),
    clientSecretHash: clientSecret ? await hashPassword(clientSecret) : '',
    clientType: input.clientType,
    grantTypes,
    redirectUris,
    name,
    skipAuthorization: input.skipAuthorization ?? false,
    user: input.owner ?? null,
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  await em.flush();
  return { application, clientSecret };
}

export async function findApplicationByClientId(
  em: EntityManager,
  clientId: string,
): Promise<Application> {
  const application = await em.findOne(Application, { clientId });
  if (!application)
    throw new AppError(ErrorCode.NotFound, `No application with client id "${clientId}".`);
  return application;
}
