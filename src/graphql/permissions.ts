import { allow, chain, deny, rule, shield, type IRules } from 'graphql-shield';
import { isStaffUser } from '../auth/types';
import type { GraphQLContext } from './context';
import { GraphQLError } from 'graphql';
import { forbidden, insufficientScope, internalError, locatedAt, unauthenticated } from './errors';

type Check = (ctx: GraphQLContext) => boolean | Error;

/**
 * A shield rule that never throws. graphql-shield turns a throwing rule into its generic
 * "not authorised" error, which would hide a real fault (a lost database, a bug) behind what
 * looks like a permission decision. Here the fault is logged with its stack and reported as an
 * internal error instead.
 *
 * A refusal is returned already placed at its field (`locatedAt`), which spares graphql-js a
 * costly re-wrap; so it is not cached across fields, whose paths differ, and the checks are
 * cheap enough to run per field.
 */
const guarded = (name: string, check: Check) =>
  rule(name, { cache: 'no_cache' })((_parent, _args, ctx: GraphQLContext, info) => {
    let outcome: boolean | Error;
    try {
      outcome = check(ctx);
    } catch (error) {
      ctx.services.logger.error({ err: error, rule: name }, 'permission rule failed');
      outcome = internalError();
    }
    return outcome instanceof GraphQLError ? locatedAt(outcome, info) : outcome;
  });

export const isAuthenticated = guarded('isAuthenticated', (ctx) =>
  ctx.user ? true : unauthenticated(),
);

export const isStaff = guarded('isStaff', (ctx) =>
  isStaffUser(ctx.user) ? true : forbidden('This operation needs staff rights.'),
);

/**
 * django-oauth-toolkit's read/write scope permission: a caller who came by token needs `read`
 * for queries and `write` for mutations. A session caller has no token and no scopes to check.
 */
const hasScope = (scope: string) =>
  guarded(`hasScope:${scope}`, (ctx) =>
    !ctx.accessToken || ctx.accessToken.scopes.includes(scope) ? true : insufficientScope(scope),
  );

const canRead = hasScope('read');
const canWrite = hasScope('write');
const staffRead = chain(isAuthenticated, isStaff, canRead);
const staffWrite = chain(isAuthenticated, isStaff, canWrite);

/**
 * Every field needs a rule: `fallbackRule: deny` refuses the rest, so a field added to the SDL is
 * never public by accident. Object types reachable only through a guarded root field are
 * allowed as a whole. Exported so a test can check it against the schema, field by field.
 */
export const ruleTree = {
  Query: {
    secret: isAuthenticated,
    me: allow,
    applications: staffRead,
    accessTokens: staffRead,
    myAccessTokens: chain(isAuthenticated, canRead),
  },
  Mutation: {
    login: allow,
    logout: allow,
    createUser: staffWrite,
    createApplication: staffWrite,
    issueAccessToken: staffWrite,
    revokeAccessToken: chain(isAuthenticated, canWrite),
    setUserActive: staffWrite,
    deleteApplication: staffWrite,
  },
  User: allow,
  LoginPayload: allow,
  PageInfo: allow,
  Application: allow,
  ApplicationEdge: allow,
  ApplicationConnection: allow,
  AccessToken: allow,
  AccessTokenEdge: allow,
  AccessTokenConnection: allow,
  CreateUserPayload: allow,
  CreateApplicationPayload: allow,
  IssueAccessTokenPayload: allow,
  RevokeAccessTokenPayload: allow,
  SetUserActivePayload: allow,
  DeleteApplicationPayload: allow,
} satisfies IRules;

export const permissions = shield(ruleTree, {
  fallbackRule: deny,
  fallbackError: () => forbidden('Not authorised.'),
  allowExternalErrors: true,
  debug: false,
});
