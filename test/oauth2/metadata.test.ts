import { createTestApp, type TestApp } from '../helpers/app';

/** RFC 8414 and RFC 9728 metadata. */

let t: TestApp;
let plain: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { ISSUER: 'https://auth.example.com' } });
  plain = await createTestApp({ env: { PKCE_ALLOW_PLAIN: 'true' } });
});
afterAll(async () => {
  await t.close();
  await plain.close();
});

const get = async (app: TestApp, url: string) => {
  const response = await app.app.inject({ method: 'GET', url });
  return { response, body: response.json() };
};

test('the authorization server metadata names every endpoint and capability', async () => {
  const { response, body } = await get(t, '/.well-known/oauth-authorization-server');
  expect(response.statusCode).toBe(200);
  expect(body).toEqual({
    issuer: 'https://auth.example.com',
    authorization_endpoint: 'https://auth.example.com/o/authorize',
    token_endpoint: 'https://auth.example.com/o/token',
    revocation_endpoint: 'https://auth.example.com/o/revoke_token',
    introspection_endpoint: 'https://auth.example.com/o/introspect',
    scopes_supported: ['read', 'write', 'introspection'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: expect.arrayContaining([
      'authorization_code',
      'client_credentials',
      'password',
      'refresh_token',
    ]),
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: [
      'client_secret_basic',
      'client_secret_post',
      'none',
    ],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
  });
  expect(body.grant_types_supported).toHaveLength(4);
});

test('plain PKCE is advertised only when configured', async () => {
  const { body } = await get(plain, '/.well-known/oauth-authorization-server');
  expect(body.code_challenge_methods_supported).toEqual(['S256', 'plain']);
});

test('the protected resource metadata points at this issuer (RFC 9728)', async () => {
  for (const url of [
    '/.well-known/oauth-protected-resource',
    '/.well-known/oauth-protected-resource/graphql',
  ]) {
    const { response, body } = await get(t, url);
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({
      resource: 'https://auth.example.com/graphql',
      authorization_servers: ['https://auth.example.com'],
      bearer_methods_supported: ['header'],
      scopes_supported: ['read', 'write', 'introspection'],
    });
  }
});
