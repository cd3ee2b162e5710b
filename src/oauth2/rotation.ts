import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessToken, Application, RefreshToken } from '../entities';
import type { Config } from '../config';
import { checksum } from '../auth/tokens';
import { OAuthError } from './errors';
import { rememberIssued, type TokenResponse } from './issue';
import { formatScopes } from './scopes';
import { familyStartedAt, refreshTokenExpiresAt, revokeFamily } from './rotationFamily';

/**
 * Refresh-token rotation (RFC 9700 §4.14.2, RFC 6749 §6): each use of a refresh token revokes
 * it and issues a new pair in the same family. The old token stays as a tombstone, so if it is
 * ever presented again someone kept a copy, and the whole family is revoked.
 */

export interface RotationRequest {
  client: Application;
  /** The refresh token as the client sent it. */
  presented: string;
  /** The scopes the client asked for, or null to keep the token's own (RFC 6749 §6). */
  scopes: string[] | null;
  now: Date;
}

export type RefusalReason =
  | 'unknown'
  | 'other_client'
  | 'expired'
  | 'inactive_user'
  | 'access_token_revoked'
  | 'scope_widened'
  | 'reused';

export type RotationOutcome =
  | { kind: 'rotated'; response: TokenResponse; familyId: string }
  | { kind: 'retried'; response: TokenResponse; familyId: string }
  | { kind: 'refused'; reason: RefusalReason; error: OAuthError; familyId: string | null };

interface SuccessorValues {
  access: string;
  refresh: string;
}

/**
 * The pair that rotating `presented` yields, derived with HMAC-SHA256 under the server's secret
 * key instead of drawn at random. Only checksums are stored, so a server that must answer a
 * quick retry with the same pair (the grace period) has to be able to compute that pair again;
 * a keyed derivation does this without ever storing a usable token. Without the key, the
 * values are as unpredictable as random ones.
 */
function deriveSuccessor(secretKey: string, presented: string): SuccessorValues {
  const derive = (purpose: string) =>
    createHmac('sha256', secretKey).update(`${purpose}\0${presented}`).digest('base64url');
  return { access: derive('oauth2-rotation-access'), refresh: derive('oauth2-rotation-refresh') };
}

const refused = (
  reason: RefusalReason,
  familyId: string | null,
  error = new OAuthError('invalid_grant', 'The refresh token is invalid, expired or revoked.'),
): RotationOutcome => ({ kind: 'refused', reason, error, familyId });

/**
 * A retry within the grace period: the presented token was rotated moments ago and its
 * successor pair is still untouched, so the client most likely lost the response. It gets the
 * same pair again. Null when this is not such a retry.
 */
async function graceRetry(
  tx: EntityManager,
  config: Config,
  token: RefreshToken,
  successor: SuccessorValues,
  now: Date,
): Promise<TokenResponse | null> {
  if (config.refreshTokenGracePeriod === 0) return null;

  const access = await tx.findOne(AccessToken, {
    checksum: checksum(successor.access),
    sourceRefreshToken: token.id,
  });
  if (!access || access.revokedAt !== null || access.expiresAt <= now) return null;
  if (now.getTime() - access.createdAt.getTime() > config.refreshTokenGracePeriod * 1000) {
    return null;
  }

  const refresh = await tx.findOne(RefreshToken, {
    checksum: checksum(successor.refresh),
    revokedAt: null,
  });
  if (!refresh) return null;

  return {
    access_token: successor.access,
    token_type: 'Bearer',
    expires_in: Math.ceil((access.expiresAt.getTime() - now.getTime()) / 1000),
    scope: access.scope,
    refresh_token: successor.refresh,
  };
}

/** A revoked token came back: a grace retry, or a replay that costs the family its tokens. */
async function replayed(
  tx: EntityManager,
  config: Config,
  token: RefreshToken,
  successor: SuccessorValues,
  now: Date,
): Promise<RotationOutcome> {
  const retry = await graceRetry(tx, config, token, successor, now);
  if (retry) return { kind: 'retried', response: retry, familyId: token.familyId };

  await revokeFamily(tx, token.familyId, now);
  return refused('reused', token.familyId);
}

function successorTokens(
  tx: EntityManager,
  config: Config,
  token: RefreshToken,
  successor: SuccessorValues,
  scopes: string[],
  now: Date,
): TokenResponse {
  const scope = formatScopes(scopes);
  const accessToken = tx.create(AccessToken, {
    checksum: checksum(successor.access),
    user: token.user,
    application: token.application,
    scope,
    expiresAt: new Date(now.getTime() + config.accessTokenLifetime * 1000),
    createdAt: now,
    revokedAt: null,
    sourceRefreshToken: token,
  });
  tx.create(RefreshToken, {
    checksum: checksum(successor.refresh),
    accessToken,
    user: token.user,
    application: token.application,
    familyId: token.familyId,
    scope,
    createdAt: now,
    revokedAt: null,
  });
  const response: TokenResponse = {
    access_token: successor.access,
    token_type: 'Bearer',
    expires_in: config.accessTokenLifetime,
    scope,
    refresh_token: successor.refresh,
  };
  rememberIssued(response, accessToken);
  return response;
}

/**
 * Rotates a refresh token inside the caller's transaction `tx`. Refusals are returned rather
 * than thrown so that the caller commits what a refusal did (revoking a family) before it
 * answers `invalid_grant`.
 */
export async function rotateRefreshToken(
  tx: EntityManager,
  config: Config,
  request: RotationRequest,
): Promise<RotationOutcome> {
  const { now } = request;
  if (!config.secretKey) throw new Error('Refresh-token rotation needs config.secretKey');

  const token = await tx.findOne(
    RefreshToken,
    { checksum: checksum(request.presented) },
    { populate: ['accessToken', 'user'] },
  );
  if (!token) return refused('unknown', null);
  // RFC 6749 §6: the token must have been issued to the authenticated client. Another client's
  // token is refused without side effects: that client may not act on the family at all.
  if (token.application.id !== request.client.id) return refused('other_client', null);

  const successor = deriveSuccessor(config.secretKey, request.presented);
  if (token.revokedAt !== null) return replayed(tx, config, token, successor, now);

  const familyStart = (await familyStartedAt(tx, token.familyId)) ?? token.createdAt;
  if (refreshTokenExpiresAt(config, token, familyStart) <= now) {
    return refused('expired', token.familyId);
  }
  if (token.user && !token.user.isActive) return refused('inactive_user', token.familyId);
  // Revoking an access token revokes its refresh token too (RFC 7009 §2.1); should only the
  // access token be revoked, the refresh token is dead all the same.
  const original = token.accessToken;
  if (original && original.revokedAt !== null) {
    return refused('access_token_revoked', token.familyId);
  }

  // RFC 6749 §6: a refresh may narrow the scope, never widen it.
  const granted = (token.scope ?? original?.scope ?? '').split(' ').filter(Boolean);
  const scopes = request.scopes ?? granted;
  const widened = scopes.filter((scope) => !granted.includes(scope));
  if (widened.length > 0) {
    return refused(
      'scope_widened',
      token.familyId,
      new OAuthError('invalid_scope', `The refresh token was not granted ${widened.join(' ')}.`),
    );
  }

  // Claim the token atomically: of two requests presenting it at once, the row lock lets
  // exactly one update it; the other sees no row to update and is handled as a replay
  // (or a grace retry), never as a second rotation and never as a unique-index failure.
  const claimed = await tx.nativeUpdate(
    RefreshToken,
    { id: token.id, revokedAt: null },
    { revokedAt: now },
  );
  if (claimed === 0) return replayed(tx, config, token, successor, now);

  if (original) {
    await tx.nativeUpdate(AccessToken, { id: original.id, revokedAt: null }, { revokedAt: now });
  }
  const response = successorTokens(tx, config, token, successor, scopes, now);
  await tx.flush();
  return { kind: 'rotated', response, familyId: token.familyId };
}
