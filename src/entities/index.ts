export { User, UserSchema } from './User';
export { Application, ApplicationSchema, clientTypes, grantTypes } from './Application';
export type { ClientType, GrantType } from './Application';
export { AccessToken, AccessTokenSchema } from './AccessToken';
export { RefreshToken, RefreshTokenSchema } from './RefreshToken';
export { Session, SessionSchema } from './Session';
export { Grant, GrantSchema, codeChallengeMethods } from './Grant';
export type { CodeChallengeMethod } from './Grant';

import { UserSchema } from './User';
import { ApplicationSchema } from './Application';
import { AccessTokenSchema } from './AccessToken';
import { RefreshTokenSchema } from './RefreshToken';
import { SessionSchema } from './Session';
import { GrantSchema } from './Grant';

export const entities = [
  UserSchema,
  ApplicationSchema,
  AccessTokenSchema,
  RefreshTokenSchema,
  SessionSchema,
  GrantSchema,
];
