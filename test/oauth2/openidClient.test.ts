import { createTestApp, makeApplication, makeUser, type TestApp } from '../helpers/app';
import { listen, readSecret } from './helpers';

/**
 * The endpoints driven end to end by openid-client, an OAuth2 client library written elsewhere,
 * configured only from this server's RFC 8414 metadata over real HTTP.
 */

type Client = typeof import('openid-client', { with: { 'resolution-mode': 'import' } });

let t: TestApp;
let client: Client;
let issuer: string;

beforeAll(async () => {
  client = await import('openid-client');
  t = await createTestApp();
  issuer = await listen(t);
  await makeUser(t, 'alice', { password: 'wonderland' });
});
afterAll(() => t.close());

async function configure(
  clientId: string,
  auth: ReturnType<Client['ClientSecretBasic']>,
): Promise<ReturnType<Client['discovery']> extends Promise<infer C> ? C : never> {
  return client.discovery(new URL(issuer), clientId, undefined, auth, {
    algorithm: 'oauth2',
    execute: [client.allowInsecureRequests],
  });
}

test('discovery reads the RFC 8414 metadata', async () => {
  const { application, clientSecret } = await makeApplication(t);
  const config = await configure(application.clientId, client.ClientSecretBasic(clientSecret!));

  const metadata = config.serverMetadata();
  expect(metadata.issuer).toBe(issuer);
  expect(metadata.token_endpoint).toBe(`${issuer}/o/token`);
  expect(metadata.revocation_endpoint).toBe(`${issuer}/o/revoke_token`);
  expect(metadata.introspection_endpoint).toBe(`${issuer}/o/introspect`);
});

test('client credentials (Basic): a token for the client itself, no refresh token', async () => {
  const { application, clientSecret } = await makeApplication(t, {
    grantTypes: ['client_credentials'],
  });
  const config = await configure(application.clientId, client.ClientSecretBasic(clientSecret!));

  const tokens = await client.clientCredentialsGrant(config, { scope: 'read' });
  expect(tokens.token_type).toBe('bearer');
  expect(tokens.scope).toBe('read');
  expect(tokens.refresh_token).toBeUndefined();
  expect(tokens.expires_in).toBe(t.config.accessTokenLifetime);

  // The token authenticates the client, not a person: `secret` still needs a user.
  const result = await readSecret(t, tokens.access_token);
  expect(result.secret).toBeNull();
  expect(result.code).toBe('UNAUTHENTICATED');

  const introspection = await client.tokenIntrospection(config, tokens.access_token);
  expect(introspection).toMatchObject({ active: true, client_id: application.clientId });
  expect(introspection.username).toBeUndefined();
});

test('password (client_secret_post), refresh with rotation, introspection, revocation', async () => {
  const { application, clientSecret } = await makeApplication(t, {
    grantTypes: ['password', 'refresh_token'],
  });
  const config = await configure(application.clientId, client.ClientSecretPost(clientSecret!));

  const first = await client.genericGrantRequest(config, 'password', {
    username: 'alice',
    password: 'wonderland',
    scope: 'read write',
  });
  expect(first.scope).toBe('read write');
  expect(first.refresh_token).toEqual(expect.any(String));
  expect((await readSecret(t, first.access_token)).secret).toBe('Secret contents!');

  const second = await client.refreshTokenGrant(config, first.refresh_token!, { scope: 'read' });
  expect(second.refresh_token).not.toBe(first.refresh_token);
  expect(second.scope).toBe('read');
  expect((await readSecret(t, second.access_token)).secret).toBe('Secret contents!');
  // Rotation retired the first pair.
  expect((await readSecret(t, first.access_token)).code).toBe('UNAUTHENTICATED');

  const active = await client.tokenIntrospection(config, second.access_token);
  expect(active).toMatchObject({
    active: true,
    scope: 'read',
    client_id: application.clientId,
    username: 'alice',
    token_type: 'Bearer',
  });
  expect(active.exp! - active.iat!).toBe(t.config.accessTokenLifetime);
  const refresh = await client.tokenIntrospection(config, second.refresh_token!, {
    token_type_hint: 'refresh_token',
  });
  expect(refresh).toMatchObject({ active: true, username: 'alice', scope: 'read' });

  await client.tokenRevocation(config, second.refresh_token!, {
    token_type_hint: 'refresh_token',
  });
  expect((await readSecret(t, second.access_token)).code).toBe('UNAUTHENTICATED');
  expect(await client.tokenIntrospection(config, second.access_token)).toEqual({ active: false });
});

test('a public client refreshes with its client id alone', async () => {
  const { application } = await makeApplication(t, {
    clientType: 'public',
    grantTypes: ['password', 'refresh_token'],
  });
  const config = await configure(application.clientId, client.None());

  const first = await client.genericGrantRequest(config, 'password', {
    username: 'alice',
    password: 'wonderland',
  });
  expect(first.scope).toBe(t.config.defaultScopes.join(' '));

  const second = await client.refreshTokenGrant(config, first.refresh_token!);
  expect((await readSecret(t, second.access_token)).secret).toBe('Secret contents!');

  await client.tokenRevocation(config, second.access_token);
  expect((await readSecret(t, second.access_token)).code).toBe('UNAUTHENTICATED');
});

test('the library sees the RFC 6749 §5.2 error of a refused grant', async () => {
  const { application, clientSecret } = await makeApplication(t, { grantTypes: ['password'] });
  const config = await configure(application.clientId, client.ClientSecretBasic(clientSecret!));

  await expect(
    client.genericGrantRequest(config, 'password', { username: 'alice', password: 'nope' }),
  ).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
  await expect(client.clientCredentialsGrant(config)).rejects.toMatchObject({
    error: 'unauthorized_client',
  });
});
