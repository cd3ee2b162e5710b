import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config';

/**
 * Log options: one line per request and per event, never a credential. Headers that carry
 * credentials are redacted, and request URLs are logged without their query string, where a
 * careless client may have put a token or a GraphQL variable holding a password.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.code',
];

export function loggerOptions(
  config: Config,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: { method: string; url: string; id: string; ip?: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
        ip: request.ip,
      }),
    },
    ...(stream ? { stream } : {}),
  };
}
