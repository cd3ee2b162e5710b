import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { AuthUser as AuthUserModel } from '../../auth/types';
import { Application as ApplicationModel, AccessToken as AccessTokenModel } from '../../entities';
import { GraphQLContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time, written as an ISO 8601 string in UTC, such as `2026-12-03T16:00:00.000Z`. */
  DateTime: { input: Date; output: Date; }
};

/**
 * An issued access token's metadata. The token value itself is shown once, at issuance, and
 * never again.
 */
export type AccessToken = {
  __typename?: 'AccessToken';
  /** The application the token was issued to. */
  application: Application;
  /** When the token was issued. */
  createdAt: Scalars['DateTime']['output'];
  /** When the token stops working. */
  expiresAt: Scalars['DateTime']['output'];
  /** The token's stable identifier, used to revoke it. */
  id: Scalars['ID']['output'];
  /** Whether the token would authenticate a request now: not expired and not revoked. */
  isActive: Scalars['Boolean']['output'];
  /** When the token was revoked, if it was. */
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  /** The scopes granted. */
  scopes: Array<Scalars['String']['output']>;
  /** The user the token acts for, or null for a token of the client itself. */
  user: Maybe<User>;
};

/** A page of access tokens. */
export type AccessTokenConnection = {
  __typename?: 'AccessTokenConnection';
  /** The tokens on this page. */
  edges: Array<AccessTokenEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/** One token in a page of access tokens. */
export type AccessTokenEdge = {
  __typename?: 'AccessTokenEdge';
  /** Pass as `after` to continue after this token. */
  cursor: Scalars['String']['output'];
  /** The token's metadata. */
  node: AccessToken;
};

/** An OAuth2 client registered with this server. Its secret is never readable. */
export type Application = {
  __typename?: 'Application';
  /** The public identifier clients send as `client_id`. */
  clientId: Scalars['String']['output'];
  /** Whether the client is confidential or public. */
  clientType: ClientType;
  /** When the application was registered. */
  createdAt: Scalars['DateTime']['output'];
  /** The grants the application may use. */
  grantTypes: Array<GrantType>;
  /** The application's stable identifier. */
  id: Scalars['ID']['output'];
  /** A name people recognise, shown on the consent page. */
  name: Scalars['String']['output'];
  /** The user who registered the application, if any. */
  owner: Maybe<User>;
  /** The exact redirect URIs allowed for the authorization code grant. */
  redirectUris: Array<Scalars['String']['output']>;
  /** Whether users are sent straight back without a consent page. */
  skipAuthorization: Scalars['Boolean']['output'];
};

/** A page of applications. */
export type ApplicationConnection = {
  __typename?: 'ApplicationConnection';
  /** The applications on this page. */
  edges: Array<ApplicationEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/** One application in a page of `applications`. */
export type ApplicationEdge = {
  __typename?: 'ApplicationEdge';
  /** Pass as `after` to continue after this application. */
  cursor: Scalars['String']['output'];
  /** The application. */
  node: Application;
};

/** Whether a client can keep a secret (RFC 6749 §2.1). */
export type ClientType =
  /** A server-side client that authenticates with its secret. */
  | 'confidential'
  /** A browser or native client that cannot keep a secret; it must use PKCE. */
  | 'public';

/** What `createApplication` needs. */
export type CreateApplicationInput = {
  /** Whether the client can keep a secret. */
  clientType: ClientType;
  /** The grants the application may use; at least one. */
  grantTypes: Array<GrantType>;
  /** A name people recognise, shown on the consent page. */
  name: Scalars['String']['input'];
  /** Exact redirect URIs, required for the authorization code grant. https, or http on loopback. */
  redirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Send users straight back without a consent page (for first-party clients). */
  skipAuthorization?: InputMaybe<Scalars['Boolean']['input']>;
};

/** The result of `createApplication`. */
export type CreateApplicationPayload = {
  __typename?: 'CreateApplicationPayload';
  /** The new application. */
  application: Application;
  /** The client secret, shown only this once; null for public clients. */
  clientSecret: Maybe<Scalars['String']['output']>;
};

/** What `createUser` needs. */
export type CreateUserInput = {
  /** Whether the user may manage applications, users and tokens. */
  isStaff?: InputMaybe<Scalars['Boolean']['input']>;
  /** Whether the user holds every permission. */
  isSuperuser?: InputMaybe<Scalars['Boolean']['input']>;
  /** The password, at least 8 characters. */
  password: Scalars['String']['input'];
  /** The login name: 1 to 150 letters, digits and @ . + - _ */
  username: Scalars['String']['input'];
};

/** The result of `createUser`. */
export type CreateUserPayload = {
  __typename?: 'CreateUserPayload';
  /** The new user. */
  user: User;
};

/** The result of `deleteApplication`. */
export type DeleteApplicationPayload = {
  __typename?: 'DeleteApplicationPayload';
  /** The application as it was before it was deleted. */
  application: Application;
};

/** The ways an application may obtain tokens (RFC 6749 §4 and §6). */
export type GrantType =
  /** Authorization code, with PKCE (RFC 6749 §4.1, RFC 7636). */
  | 'authorization_code'
  /** The client's own token, with no user (RFC 6749 §4.4). */
  | 'client_credentials'
  /** A user's username and password, for first-party clients (RFC 6749 §4.3). */
  | 'password'
  /** Refresh tokens issued with access tokens (RFC 6749 §6). */
  | 'refresh_token';

/** What `issueAccessToken` needs. */
export type IssueAccessTokenInput = {
  /** The application the token is issued through. */
  applicationId: Scalars['ID']['input'];
  /** Lifetime in seconds; the configured access-token lifetime when omitted. */
  expiresIn?: InputMaybe<Scalars['Int']['input']>;
  /** Space-separated scopes; the configured default scopes when omitted. */
  scope?: InputMaybe<Scalars['String']['input']>;
  /**
   * A chosen token value, as the tutorial types `123456` into its admin. Accepted only when the
   * server runs in development mode; production servers always generate the value.
   */
  token?: InputMaybe<Scalars['String']['input']>;
  /** The user the token acts for; omit for a token of the client itself. */
  userId?: InputMaybe<Scalars['ID']['input']>;
};

/** The result of `issueAccessToken`. */
export type IssueAccessTokenPayload = {
  __typename?: 'IssueAccessTokenPayload';
  /** The token's metadata. */
  accessToken: AccessToken;
  /** The token value to send as `Authorization: Bearer <token>`, shown only this once. */
  token: Scalars['String']['output'];
};

/** The result of a successful `login`. */
export type LoginPayload = {
  __typename?: 'LoginPayload';
  /** The user now logged in. */
  user: User;
};

/** The entry points for changing state. */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Registers an OAuth2 client. The generated client secret is in the payload and is shown only
   * this once: the server keeps nothing but a slow hash of it. Staff only, and `write` scope for
   * token callers.
   */
  createApplication: CreateApplicationPayload;
  /**
   * Creates a user. Staff only, and `write` scope for token callers. A taken username gives the
   * error code `CONFLICT`.
   */
  createUser: CreateUserPayload;
  /**
   * Deletes an application with every token, refresh token and authorization code issued through
   * it: requests carrying those tokens are refused at once, on every server process. Staff only,
   * and `write` scope for token callers. An unknown id gives `NOT_FOUND`.
   */
  deleteApplication: DeleteApplicationPayload;
  /**
   * Issues an access token for an application, and for a user unless it is omitted (a token of the
   * client itself). The token is in the payload and is shown only this once. Staff only, and
   * `write` scope for token callers.
   */
  issueAccessToken: IssueAccessTokenPayload;
  /**
   * Checks a username and password and starts a session: the response sets an HttpOnly session
   * cookie that later requests from the same browser carry. Wrong credentials give the error code
   * `INVALID_CREDENTIALS`, the same whether the username exists or not.
   */
  login: LoginPayload;
  /** Ends the current session, if any, and clears its cookie. Always true. */
  logout: Scalars['Boolean']['output'];
  /**
   * Revokes an access token, and the refresh token issued with it: requests carrying it are
   * refused from now on. Staff may revoke any token; any other user only the tokens issued to them.
   * A token callers may not see gives `NOT_FOUND`. Token callers need the `write` scope.
   */
  revokeAccessToken: RevokeAccessTokenPayload;
  /**
   * Activates or deactivates a user. A deactivated user's sessions and tokens stop working at once,
   * on every server process, and they cannot log in; reactivating restores the tokens that have not
   * expired. Staff only, and `write` scope for token callers. Only a superuser may change a
   * superuser, and nobody may deactivate their own account (`FORBIDDEN`); an unknown id gives
   * `NOT_FOUND`.
   */
  setUserActive: SetUserActivePayload;
};


/** The entry points for changing state. */
export type MutationCreateApplicationArgs = {
  input: CreateApplicationInput;
};


/** The entry points for changing state. */
export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


/** The entry points for changing state. */
export type MutationDeleteApplicationArgs = {
  id: Scalars['ID']['input'];
};


/** The entry points for changing state. */
export type MutationIssueAccessTokenArgs = {
  input: IssueAccessTokenInput;
};


/** The entry points for changing state. */
export type MutationLoginArgs = {
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};


/** The entry points for changing state. */
export type MutationRevokeAccessTokenArgs = {
  id: Scalars['ID']['input'];
};


/** The entry points for changing state. */
export type MutationSetUserActiveArgs = {
  id: Scalars['ID']['input'];
  isActive: Scalars['Boolean']['input'];
};

/**
 * Where a page of a list ends, for cursor pagination: pass `endCursor` as `after` to get the next
 * page while `hasNextPage` is true.
 */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the last item on this page, or null when the page is empty. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether more items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * The entry points for reading. Fields that need a logged-in caller say so; an anonymous caller
 * gets the error code `UNAUTHENTICATED` for them and a `WWW-Authenticate` response header.
 */
export type Query = {
  __typename?: 'Query';
  /**
   * Issued access tokens, newest first, optionally for one user or application. Staff only; a
   * caller authenticated by token also needs the `read` scope. The token values are never
   * returned: only their metadata.
   */
  accessTokens: AccessTokenConnection;
  /**
   * Registered applications, oldest first. Staff only; a caller authenticated by token also needs
   * the `read` scope.
   */
  applications: ApplicationConnection;
  /** The user this request is authenticated as, or null when it is anonymous. */
  me: Maybe<User>;
  /**
   * The access tokens issued to the calling user, newest first. Any logged-in user; a caller
   * authenticated by token also needs the `read` scope.
   */
  myAccessTokens: AccessTokenConnection;
  /**
   * The protected resource of the tutorial: `"Secret contents!"` for any authenticated user, by
   * session cookie or by `Authorization: Bearer <token>`. Anonymous callers, and tokens issued to
   * a client without a user, get `UNAUTHENTICATED`.
   */
  secret: Scalars['String']['output'];
};


/**
 * The entry points for reading. Fields that need a logged-in caller say so; an anonymous caller
 * gets the error code `UNAUTHENTICATED` for them and a `WWW-Authenticate` response header.
 */
export type QueryAccessTokensArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  applicationId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};


/**
 * The entry points for reading. Fields that need a logged-in caller say so; an anonymous caller
 * gets the error code `UNAUTHENTICATED` for them and a `WWW-Authenticate` response header.
 */
export type QueryApplicationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The entry points for reading. Fields that need a logged-in caller say so; an anonymous caller
 * gets the error code `UNAUTHENTICATED` for them and a `WWW-Authenticate` response header.
 */
export type QueryMyAccessTokensArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** The result of `revokeAccessToken`. */
export type RevokeAccessTokenPayload = {
  __typename?: 'RevokeAccessTokenPayload';
  /** The revoked token's metadata. */
  accessToken: AccessToken;
};

/** The result of `setUserActive`. */
export type SetUserActivePayload = {
  __typename?: 'SetUserActivePayload';
  /** The user, with its new state. */
  user: User;
};

/** A person who can log in. */
export type User = {
  __typename?: 'User';
  /** When the account was created. */
  dateJoined: Scalars['DateTime']['output'];
  /** The user's stable identifier. */
  id: Scalars['ID']['output'];
  /** False once the account is deactivated: its sessions and tokens stop working at once. */
  isActive: Scalars['Boolean']['output'];
  /** Whether the user may manage applications, users and tokens. */
  isStaff: Scalars['Boolean']['output'];
  /** Whether the user holds every permission without it being granted. */
  isSuperuser: Scalars['Boolean']['output'];
  /** When the user last logged in with a password, if ever. */
  lastLogin: Maybe<Scalars['DateTime']['output']>;
  /** The unique login name. */
  username: Scalars['String']['output'];
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AccessToken: ResolverTypeWrapper<AccessTokenModel>;
  AccessTokenConnection: ResolverTypeWrapper<Omit<AccessTokenConnection, 'edges'> & { edges: Array<ResolversTypes['AccessTokenEdge']> }>;
  AccessTokenEdge: ResolverTypeWrapper<Omit<AccessTokenEdge, 'node'> & { node: ResolversTypes['AccessToken'] }>;
  Application: ResolverTypeWrapper<ApplicationModel>;
  ApplicationConnection: ResolverTypeWrapper<Omit<ApplicationConnection, 'edges'> & { edges: Array<ResolversTypes['ApplicationEdge']> }>;
  ApplicationEdge: ResolverTypeWrapper<Omit<ApplicationEdge, 'node'> & { node: ResolversTypes['Application'] }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ClientType: null;
  CreateApplicationInput: CreateApplicationInput;
  CreateApplicationPayload: ResolverTypeWrapper<Omit<CreateApplicationPayload, 'application'> & { application: ResolversTypes['Application'] }>;
  CreateUserInput: CreateUserInput;
  CreateUserPayload: ResolverTypeWrapper<Omit<CreateUserPayload, 'user'> & { user: ResolversTypes['User'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteApplicationPayload: ResolverTypeWrapper<Omit<DeleteApplicationPayload, 'application'> & { application: ResolversTypes['Application'] }>;
  GrantType: null;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  IssueAccessTokenInput: IssueAccessTokenInput;
  IssueAccessTokenPayload: ResolverTypeWrapper<Omit<IssueAccessTokenPayload, 'accessToken'> & { accessToken: ResolversTypes['AccessToken'] }>;
  LoginPayload: ResolverTypeWrapper<Omit<LoginPayload, 'user'> & { user: ResolversTypes['User'] }>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RevokeAccessTokenPayload: ResolverTypeWrapper<Omit<RevokeAccessTokenPayload, 'accessToken'> & { accessToken: ResolversTypes['AccessToken'] }>;
  SetUserActivePayload: ResolverTypeWrapper<Omit<SetUserActivePayload, 'user'> & { user: ResolversTypes['User'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  User: ResolverTypeWrapper<AuthUserModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AccessToken: AccessTokenModel;
  AccessTokenConnection: Omit<AccessTokenConnection, 'edges'> & { edges: Array<ResolversParentTypes['AccessTokenEdge']> };
  AccessTokenEdge: Omit<AccessTokenEdge, 'node'> & { node: ResolversParentTypes['AccessToken'] };
  Application: ApplicationModel;
  ApplicationConnection: Omit<ApplicationConnection, 'edges'> & { edges: Array<ResolversParentTypes['ApplicationEdge']> };
  ApplicationEdge: Omit<ApplicationEdge, 'node'> & { node: ResolversParentTypes['Application'] };
  Boolean: Scalars['Boolean']['output'];
  CreateApplicationInput: CreateApplicationInput;
  CreateApplicationPayload: Omit<CreateApplicationPayload, 'application'> & { application: ResolversParentTypes['Application'] };
  CreateUserInput: CreateUserInput;
  CreateUserPayload: Omit<CreateUserPayload, 'user'> & { user: ResolversParentTypes['User'] };
  DateTime: Scalars['DateTime']['output'];
  DeleteApplicationPayload: Omit<DeleteApplicationPayload, 'application'> & { application: ResolversParentTypes['Application'] };
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  IssueAccessTokenInput: IssueAccessTokenInput;
  IssueAccessTokenPayload: Omit<IssueAccessTokenPayload, 'accessToken'> & { accessToken: ResolversParentTypes['AccessToken'] };
  LoginPayload: Omit<LoginPayload, 'user'> & { user: ResolversParentTypes['User'] };
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RevokeAccessTokenPayload: Omit<RevokeAccessTokenPayload, 'accessToken'> & { accessToken: ResolversParentTypes['AccessToken'] };
  SetUserActivePayload: Omit<SetUserActivePayload, 'user'> & { user: ResolversParentTypes['User'] };
  String: Scalars['String']['output'];
  User: AuthUserModel;
};

export type AccessTokenResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AccessToken'] = ResolversParentTypes['AccessToken']> = {
  application?: Resolver<ResolversTypes['Application'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isActive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
};

export type AccessTokenConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AccessTokenConnection'] = ResolversParentTypes['AccessTokenConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AccessTokenEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type AccessTokenEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AccessTokenEdge'] = ResolversParentTypes['AccessTokenEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AccessToken'], ParentType, ContextType>;
};

export type ApplicationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Application'] = ResolversParentTypes['Application']> = {
  clientId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  clientType?: Resolver<ResolversTypes['ClientType'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  grantTypes?: Resolver<Array<ResolversTypes['GrantType']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  redirectUris?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  skipAuthorization?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ApplicationConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApplicationConnection'] = ResolversParentTypes['ApplicationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ApplicationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type ApplicationEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApplicationEdge'] = ResolversParentTypes['ApplicationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Application'], ParentType, ContextType>;
};

export type ClientTypeResolvers = { CONFIDENTIAL: 'confidential', PUBLIC: 'public' };

export type CreateApplicationPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateApplicationPayload'] = ResolversParentTypes['CreateApplicationPayload']> = {
  application?: Resolver<ResolversTypes['Application'], ParentType, ContextType>;
  clientSecret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CreateUserPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateUserPayload'] = ResolversParentTypes['CreateUserPayload']> = {
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteApplicationPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeleteApplicationPayload'] = ResolversParentTypes['DeleteApplicationPayload']> = {
  application?: Resolver<ResolversTypes['Application'], ParentType, ContextType>;
};

export type GrantTypeResolvers = { AUTHORIZATION_CODE: 'authorization_code', CLIENT_CREDENTIALS: 'client_credentials', PASSWORD: 'password', REFRESH_TOKEN: 'refresh_token' };

export type IssueAccessTokenPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IssueAccessTokenPayload'] = ResolversParentTypes['IssueAccessTokenPayload']> = {
  accessToken?: Resolver<ResolversTypes['AccessToken'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LoginPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LoginPayload'] = ResolversParentTypes['LoginPayload']> = {
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createApplication?: Resolver<ResolversTypes['CreateApplicationPayload'], ParentType, ContextType, RequireFields<MutationCreateApplicationArgs, 'input'>>;
  createUser?: Resolver<ResolversTypes['CreateUserPayload'], ParentType, ContextType, RequireFields<MutationCreateUserArgs, 'input'>>;
  deleteApplication?: Resolver<ResolversTypes['DeleteApplicationPayload'], ParentType, ContextType, RequireFields<MutationDeleteApplicationArgs, 'id'>>;
  issueAccessToken?: Resolver<ResolversTypes['IssueAccessTokenPayload'], ParentType, ContextType, RequireFields<MutationIssueAccessTokenArgs, 'input'>>;
  login?: Resolver<ResolversTypes['LoginPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'password' | 'username'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  revokeAccessToken?: Resolver<ResolversTypes['RevokeAccessTokenPayload'], ParentType, ContextType, RequireFields<MutationRevokeAccessTokenArgs, 'id'>>;
  setUserActive?: Resolver<ResolversTypes['SetUserActivePayload'], ParentType, ContextType, RequireFields<MutationSetUserActiveArgs, 'id' | 'isActive'>>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  accessTokens?: Resolver<ResolversTypes['AccessTokenConnection'], ParentType, ContextType, RequireFields<QueryAccessTokensArgs, 'first'>>;
  applications?: Resolver<ResolversTypes['ApplicationConnection'], ParentType, ContextType, RequireFields<QueryApplicationsArgs, 'first'>>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  myAccessTokens?: Resolver<ResolversTypes['AccessTokenConnection'], ParentType, ContextType, RequireFields<QueryMyAccessTokensArgs, 'first'>>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RevokeAccessTokenPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RevokeAccessTokenPayload'] = ResolversParentTypes['RevokeAccessTokenPayload']> = {
  accessToken?: Resolver<ResolversTypes['AccessToken'], ParentType, ContextType>;
};

export type SetUserActivePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SetUserActivePayload'] = ResolversParentTypes['SetUserActivePayload']> = {
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  dateJoined?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isActive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  isStaff?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  isSuperuser?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastLogin?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  username?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AccessToken?: AccessTokenResolvers<ContextType>;
  AccessTokenConnection?: AccessTokenConnectionResolvers<ContextType>;
  AccessTokenEdge?: AccessTokenEdgeResolvers<ContextType>;
  Application?: ApplicationResolvers<ContextType>;
  ApplicationConnection?: ApplicationConnectionResolvers<ContextType>;
  ApplicationEdge?: ApplicationEdgeResolvers<ContextType>;
  ClientType?: ClientTypeResolvers;
  CreateApplicationPayload?: CreateApplicationPayloadResolvers<ContextType>;
  CreateUserPayload?: CreateUserPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteApplicationPayload?: DeleteApplicationPayloadResolvers<ContextType>;
  GrantType?: GrantTypeResolvers;
  IssueAccessTokenPayload?: IssueAccessTokenPayloadResolvers<ContextType>;
  LoginPayload?: LoginPayloadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RevokeAccessTokenPayload?: RevokeAccessTokenPayloadResolvers<ContextType>;
  SetUserActivePayload?: SetUserActivePayloadResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

