/** What the authentication backends put on a request, shared by GraphQL and the HTTP routes. */

/** The user a request acts for, as loaded by a backend; never carries the password hash. */
export interface AuthUser {
  id: number;
  username: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
  dateJoined: Date;
  lastLogin: Date | null;
}

/** The access token a request presented, once verified. */
export interface TokenInfo {
  id: string;
  scopes: string[];
  applicationId: number;
  clientId: string;
  userId: number | null;
  expiresAt: Date;
}

export type BackendName = 'session' | 'oauth2';

/** Why a presented bearer token did not authenticate; each leaves the request anonymous. */
export type TokenRejection = 'unknown' | 'expired' | 'revoked' | 'inactive_user';

export interface Authentication {
  user: AuthUser | null;
  accessToken: TokenInfo | null;
  /** The backend that authenticated the request, if any did. */
  backend: BackendName | null;
  /** Set when a Bearer token was presented and refused (RFC 6750 §3.1 `invalid_token`). */
  tokenRejection: TokenRejection | null;
  /** The session row's id, when the session backend authenticated the request. */
  sessionId: string | null;
}

export const anonymous = (): Authentication => ({
  user: null,
  accessToken: null,
  backend: null,
  tokenRejection: null,
  sessionId: null,
});

/** Staff rights: Django's `is_staff`, which a superuser has implicitly. */
export const isStaffUser = (user: AuthUser | null): boolean =>
  user !== null && (user.isStaff || user.isSuperuser);
