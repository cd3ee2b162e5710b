import { z } from 'zod';

/**
 * Every setting the server reads, validated once at start-up. A bad value stops the process
 * with a message that names the variable and what it accepts, instead of failing later.
 */

const seconds = z.coerce.number().int().positive();

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

const scopeList = z
  .string()
  .transform((value) => value.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/)).min(1));

export const authBackendNames = ['session', 'oauth2'] as const;
export type AuthBackendName = (typeof authBackendNames)[number];

export const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_BACKENDS: list(authBackendNames).default(['session', 'oauth2']),
  INVALID_TOKEN: z.enum(['anonymous', 'reject']).default('anonymous'),
  REALM: z
    .string()
    .regex(
      /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/,
      'must be printable ASCII without quotes or backslashes',
    )
    .default('api'),
  SCOPES: scopeList.default(['read', 'write', 'introspection']),
  DEFAULT_SCOPES: scopeList.default(['read']),
  ACCESS_TOKEN_EXPIRE_SECONDS: seconds.default(36000),
  REFRESH_TOKEN_EXPIRE_SECONDS: seconds.default(1209600),
  REFRESH_TOKEN_IDLE_SECONDS: seconds.optional(),
  REFRESH_TOKEN_GRACE_PERIOD_SECONDS: z.coerce.number().int().min(0).default(0),
  AUTHORIZATION_CODE_EXPIRE_SECONDS: seconds.default(60),
  PKCE_REQUIRED: z.enum(['public', 'all']).default('public'),
  PKCE_ALLOW_PLAIN: z.stringbool().default(false),
  ISSUER: z
    .string()
    .url()
    .refine((value) => !/[?#]/.test(value), 'must have no query or fragment (RFC 8414 §2)')
    .optional(),
  SESSION_COOKIE_AGE: seconds.default(1209600),
  SESSION_COOKIE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('sessionid'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  PLAYGROUND: z.stringbool().optional(),
  SHUTDOWN_GRACE_SECONDS: seconds.default(10),
  AUTH_CACHE_SIZE: z.coerce.number().int().min(0).default(10000),
  AUTH_CACHE_TTL_SECONDS: seconds.default(60),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
});

export type Settings = z.infer<typeof settingsSchema>;

export interface Config {
  env: Settings['NODE_ENV'];
  /** True outside production: chosen token values are accepted, as the tutorial's admin allows. */
  development: boolean;
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  secretKey: string | undefined;
  authBackends: AuthBackendName[];
  invalidToken: 'anonymous' | 'reject';
  realm: string;
  scopes: string[];
  defaultScopes: string[];
  accessTokenLifetime: number;
  /** Absolute lifetime of a refresh-token family, from its first issuance. */
  refreshTokenLifetime: number;
  /** A refresh token unused this long is refused (checked when presented); none when unset. */
  refreshTokenIdleTimeout: number | undefined;
  /** Seconds during which a just-rotated refresh token may be retried for the same new pair. */
  refreshTokenGracePeriod: number;
  authorizationCodeLifetime: number;
  /** Which clients must use PKCE: public ones (the RFC 9700 minimum) or all. */
  pkceRequired: 'public' | 'all';
  pkceAllowPlain: boolean;
  /** This server's issuer identifier (RFC 8414 §2, RFC 9207); from HOST and PORT when unset. */
  issuer: string;
  sessionLifetime: number;
  sessionCookieName: string;
  logLevel: Settings['LOG_LEVEL'];
  /** `auto`: pretty in development on a terminal, JSON lines otherwise (for log collectors). */
  logFormat: Settings['LOG_FORMAT'];
  /** Serve GraphiQL at GET /graphql to browsers; on by default outside production. */
  playground: boolean;
  /** Seconds that requests in flight get to finish after SIGTERM before the process gives up. */
  shutdownGrace: number;
  /** Verified tokens and sessions kept in memory per process; 0 turns the cache off. */
  authCacheSize: number;
  /** Seconds a cached verification is trusted before it is read again from the database. */
  authCacheTtl: number;
  /** Worker processes sharing the port; one per core in production, one otherwise, when unset. */
  webConcurrency: number | undefined;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Reads the configuration from an environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }

  const s = parsed.data;
  const unknownDefaults = s.DEFAULT_SCOPES.filter((scope) => !s.SCOPES.includes(scope));
  if (unknownDefaults.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n  DEFAULT_SCOPES: ${unknownDefaults.join(' ')} not among SCOPES (${s.SCOPES.join(' ')})`,
    );
  }
  if (s.NODE_ENV === 'production' && !s.SECRET_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  SECRET_KEY: required when NODE_ENV=production',
    );
  }

  return {
    env: s.NODE_ENV,
    development: s.NODE_ENV !== 'production',
    host: s.HOST,
    port: s.PORT,
    databaseUrl: s.DATABASE_URL,
    dataDir: s.DATA_DIR,
    secretKey: s.SECRET_KEY,
    authBackends: s.AUTH_BACKENDS,
    invalidToken: s.INVALID_TOKEN,
    realm: s.REALM,
    scopes: s.SCOPES,
    defaultScopes: s.DEFAULT_SCOPES,
    accessTokenLifetime: s.ACCESS_TOKEN_EXPIRE_SECONDS,
    refreshTokenLifetime: s.REFRESH_TOKEN_EXPIRE_SECONDS,
    refreshTokenIdleTimeout: s.REFRESH_TOKEN_IDLE_SECONDS,
    refreshTokenGracePeriod: s.REFRESH_TOKEN_GRACE_PERIOD_SECONDS,
    authorizationCodeLifetime: s.AUTHORIZATION_CODE_EXPIRE_SECONDS,
    pkceRequired: s.PKCE_REQUIRED,
    pkceAllowPlain: s.PKCE_ALLOW_PLAIN,
    issuer: (
      s.ISSUER ?? `http://${s.HOST.includes(':') ? `[${s.HOST}]` : s.HOST}:${s.PORT}`
    ).replace(/\/$/, ''),
    sessionLifetime: s.SESSION_COOKIE_AGE,
    sessionCookieName: s.SESSION_COOKIE_NAME,
    logLevel: s.LOG_LEVEL,
    logFormat: s.LOG_FORMAT,
    playground: s.PLAYGROUND ?? s.NODE_ENV !== 'production',
    shutdownGrace: s.SHUTDOWN_GRACE_SECONDS,
    authCacheSize: s.AUTH_CACHE_SIZE,
    authCacheTtl: s.AUTH_CACHE_TTL_SECONDS,
    webConcurrency: s.WEB_CONCURRENCY,
  };
}
