import { loadConfig } from '../../src/config';
import { createTestApp, type TestApp } from '../helpers/app';

/** What a browser sends when someone types the URL into its address bar. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('with the playground on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PLAYGROUND: 'true' } });
  });
  afterAll(() => t.close());

  test('a browser opening /graphql gets the page, under a strict Content-Security-Policy', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/graphql',
      headers: { accept: BROWSER_ACCEPT },
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
        "img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; " +
        "form-action 'self'",
    );
    expect(response.headers.vary).toMatch(/Accept/);
    // Every script is a file of this server: nothing inline, nothing from elsewhere.
    const scripts = [...response.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes]) => /src="([^"]+)"/.exec(attributes!)?.[1])).toEqual([
      '/graphql/assets/react.production.min.js',
      '/graphql/assets/react-dom.production.min.js',
      '/graphql/assets/graphiql.min.js',
      '/graphql/assets/playground.js',
    ]);
    expect(scripts.every(([, , body]) => body!.trim() === '')).toBe(true);
  });

  test('the assets are served from this server with their types', async () => {
    const get = (name: string) => t.app.inject({ method: 'GET', url: `/graphql/assets/${name}` });

    const script = await get('graphiql.min.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^application\/javascript|^text\/javascript/);
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('graphiql.min.css')).headers['content-type']).toMatch(/^text\/css/);
    expect((await get('playground.js')).body).toContain('defaultHeaders');

    expect((await get('package.json')).statusCode).toBe(404);
    expect((await get('..%2F..%2Fconfig.ts')).statusCode).toBe(404);
  });

  test('API clients still get GraphQL: curl, and a GET carrying a query', async () => {
    const curl = await t.app.inject({ method: 'GET', url: '/graphql', headers: { accept: '*/*' } });
    expect(curl.headers['content-type']).not.toMatch(/text\/html/);

    const withQuery = await t.app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ me { id } }')}`,
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': '1' },
    });
    expect(withQuery.statusCode).toBe(200);
    expect(withQuery.json()).toEqual({ data: { me: null } });
  });
});

describe('with the playground off', () => {
  test('a browser gets no page and no assets, and nothing refers to a CDN', async () => {
    const t = await createTestApp({ env: { PLAYGROUND: 'false' } });
    try {
      const page = await t.app.inject({
        method: 'GET',
        url: '/graphql',
        headers: { accept: BROWSER_ACCEPT },
      });
      expect(page.headers['content-type']).not.toMatch(/text\/html/);
      expect(page.body).not.toMatch(/cdn|apollographql\.com|unpkg|jsdelivr/i);

      const asset = await t.app.inject({ method: 'GET', url: '/graphql/assets/graphiql.min.js' });
      expect(asset.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  test('it is on by default outside production and off in production', () => {
    const key = 'k'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'development' }).playground).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: key }).playground).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', SECRET_KEY: key, PLAYGROUND: 'on' }).playground,
    ).toBe(true);
    expect(() => loadConfig({ PLAYGROUND: 'maybe' })).toThrow(/PLAYGROUND/);
  });
});
