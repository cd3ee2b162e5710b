import { randomUUID } from 'node:crypto';
import {
  LogController,
  type FastifyInstance,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import pretty from 'pino-pretty';
import type { Config } from '../config';

/**
 * Logging: pino through Fastify, one line per request when it completes, and never a
 * credential. Request lines carry the request id, the route pattern (not the URL, whose query
 * string may hold a token or a password a careless client put there), method, status, duration
 * and who was authenticated.
 */

/**
 * Keys whose values are credentials: headers, parsed cookies, RFC 6749 parameters, GraphQL
 * arguments. No code here logs a body, a query string or a header set; these paths catch the
 * line that one day does, under the names such objects are usually logged with.
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'cookies',
  'set-cookie',
  'password',
  'newPassword',
  'client_secret',
  'clientSecret',
  'secret',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'code',
  'code_verifier',
  'codeVerifier',
];

const CONTAINERS = [
  '',
  'req.headers',
  'res.headers',
  'headers',
  'cookies',
  'body',
  'query',
  'params',
  'form',
  'variables',
  'input',
];

const pathTo = (container: string, key: string) => {
  const step = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return container === '' ? step.replace(/^\./, '') : `${container}${step}`;
};

/**
 * Every key under every container, spelled out. Wildcard paths (`*.password`) would also catch
 * unforeseen shapes, but pino then walks every logged object: about ten times the cost of a
 * line, on every request. Explicit paths cost nothing measurable.
 */
export const REDACTED_PATHS = CONTAINERS.flatMap((container) =>
  SECRET_KEYS.map((key) => pathTo(container, key)),
);

/** Routes that probes and scrapers call every few seconds: logged at debug, not info. */
const PROBE_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  ip?: string;
}

/** Pretty when asked, or in development on a terminal; JSON lines for any collector. */
function usePretty(config: Config, stream: NodeJS.WritableStream | undefined): boolean {
  if (config.logFormat !== 'auto') return config.logFormat === 'pretty';
  return config.env === 'development' && stream === undefined && process.stdout.isTTY === true;
}

/** Fastify's logger options: redaction, serializers, the request id and the output format. */
export function loggingOptions(
  config: Config,
  stream?: NodeJS.WritableStream,
): Pick<FastifyServerOptions, 'logger' | 'logController' | 'genReqId'> {
  // Written synchronously, so that the last lines before process.exit are not lost.
  const output = usePretty(config, stream)
    ? pretty({
        destination: stream ?? 1,
        sync: true,
        singleLine: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      })
    : stream;

  return {
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (request: LoggedRequest) => ({
          id: request.id,
          method: request.method,
          path: request.url.split('?')[0],
          ip: request.ip,
        }),
      },
      ...(output ? { stream: output } : {}),
    },
    // Fastify's own pair of lines per request is replaced by the single line below.
    logController: new LogController({ disableRequestLogging: true }),
    // Random ids stay unique across restarts and worker processes, unlike a counter.
    genReqId: () => randomUUID(),
  };
}

/** Who the request acted for: the user, and the OAuth2 client when it came with a token. */
function actor(request: FastifyRequest) {
  const auth = request.auth;
  return {
    userId: auth?.user?.id,
    clientId: auth?.accessToken?.clientId,
  };
}

/**
 * One line per request, written when its response has been sent. Authentication has run by
 * then, so the line names the user or client that `request.auth` resolved. The request id is
 * also returned in `X-Request-Id`, so a user reporting a problem can quote it.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    const line = {
      route: route ?? null,
      // An unmatched URL has no route pattern; its path (never the query) says what was asked.
      ...(route === undefined ? { path: request.url.split('?')[0] } : {}),
      method: request.method,
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...actor(request),
    };
    if (route !== undefined && PROBE_ROUTES.has(route)) {
      request.log.debug(line, 'request completed');
      return;
    }
    request.log.info(line, 'request completed');
  });
}
