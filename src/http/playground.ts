import { readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import type { Config } from '../config';

/**
 * GraphiQL at GET /graphql for people in a browser, with every file it needs served by this
 * server: the playground works without internet access, and its Content-Security-Policy can
 * allow this origin alone.
 */

const STATIC_DIR = path.join(__dirname, 'static');
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/**
 * The page's files by the name they are served under. GraphiQL 4 is the last major version that
 * ships a prebuilt UMD bundle (later ones need a bundler); it runs on React 18's UMD builds,
 * which React 19 no longer publishes.
 */
const ASSETS: Record<string, string> = {
  'graphiql.min.js': path.join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.min.css': path.join(packageDir('graphiql'), 'graphiql.min.css'),
  'react.production.min.js': path.join(packageDir('react'), 'umd/react.production.min.js'),
  'react-dom.production.min.js': path.join(
    packageDir('react-dom'),
    'umd/react-dom.production.min.js',
  ),
  'playground.js': path.join(STATIC_DIR, 'playground.js'),
  'playground.css': path.join(STATIC_DIR, 'playground.css'),
};

/**
 * Only this server's scripts, styles and API run on the page: an injected `<script>` or a
 * script from elsewhere is refused, and the page cannot be framed (clickjacking). Fonts and
 * icons are `data:` URLs inside GraphiQL's stylesheet.
 */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Media types an API client may ask for; a browser navigating to the page prefers HTML. */
const MEDIA_TYPES = ['application/json', 'application/graphql-response+json', 'text/html'];

/**
 * A browser opening /graphql: a GET that prefers HTML and carries no `query`. A GET with a
 * query is an API call whatever its Accept header says, so links to queries keep working.
 */
export function wantsPlayground(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;

  const query = request.query as Record<string, unknown> | null;
  if (query && query.query !== undefined) return false;

  return new Negotiator(request.raw).mediaType(MEDIA_TYPES) === 'text/html';
}

/**
 * Registers the playground's assets under /graphql/assets/ and returns the route options that
 * let GET /graphql answer browsers with the page; nothing when the playground is turned off.
 */
export async function registerPlayground(
  app: FastifyInstance,
  config: Config,
): Promise<{ onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> }> {
  if (!config.playground) return {};

  const page = readFileSync(path.join(STATIC_DIR, 'playground.html'));
  await app.register(fastifyStatic, { root: STATIC_DIR, serve: false });

  app.get<{ Params: { name: string } }>('/graphql/assets/:name', async (request, reply) => {
    const file = Object.hasOwn(ASSETS, request.params.name) ? ASSETS[request.params.name] : null;
    if (!file) return reply.status(404).send({ error: 'not_found', message: 'No such asset.' });
    reply.header('x-content-type-options', 'nosniff');
    return reply.sendFile(path.basename(file), path.dirname(file), { maxAge: '1h' });
  });

  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    // The same URL answers HTML or JSON depending on Accept, so caches must key on it.
    reply.header('vary', 'Accept');
    if (!wantsPlayground(request)) return;

    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PLAYGROUND_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(page);
  };
  return { onRequest };
}
